namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>Which argument fields each action requires and accepts (beyond name, action and the timing fields).</summary>
internal static class ActionRules
{
    /// <summary>Fields every step may have.</summary>
    public static readonly IReadOnlyList<string> Common = ["name", "action", "at", "every", "count", "until", "jitter"];

    private static readonly Dictionary<ChaosActionKind, (string[] Required, string[] Optional)> Rules = new()
    {
        [ChaosActionKind.Kill] = (["selector"], []),
        [ChaosActionKind.Terminate] = (["selector"], []),
        [ChaosActionKind.Pause] = (["selector", "duration"], []),
        [ChaosActionKind.KillEtcdMember] = (["member"], ["duration"]),
        [ChaosActionKind.RestartEtcdMember] = ([], ["member"]),
        [ChaosActionKind.KillEtcdQuorum] = (["duration"], []),
        [ChaosActionKind.RevokeLease] = (["selector"], []),
        [ChaosActionKind.Partition] = (["selector"], ["duration"]),
        [ChaosActionKind.Latency] = (["selector", "latency"], ["latencyJitter", "duration"]),
        [ChaosActionKind.Heal] = ([], ["selector"]),
        [ChaosActionKind.StoreFault] = ([], ["selector", "fault", "probability", "duration"]),
    };

    private static readonly Dictionary<string, string> Hints = new(StringComparer.Ordinal)
    {
        ["selector"] = "which replicas it hits, e.g. selector: {mode: one, role: any}",
        ["duration"] = "how long the fault lasts, e.g. duration: 10s",
        ["member"] = "which etcd member: leader, follower or a name such as etcd-0",
        ["latency"] = "the delay to add, e.g. latency: 200ms",
    };

    public static IReadOnlyList<string> Required(ChaosActionKind action) => Rules[action].Required;

    public static bool Accepts(ChaosActionKind action, string field) =>
        Common.Contains(field) || Rules[action].Required.Contains(field) || Rules[action].Optional.Contains(field);

    /// <summary>The actions that take <paramref name="field"/>, by YAML name.</summary>
    public static IReadOnlyList<string> UsedBy(string field) =>
        [.. Rules.Where(r => r.Value.Required.Contains(field) || r.Value.Optional.Contains(field)).Select(r => PlanNames.Of(r.Key))];

    public static string Hint(string field) => Hints.GetValueOrDefault(field, string.Empty);
}
