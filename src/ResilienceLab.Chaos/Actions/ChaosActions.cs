using ResilienceLab.Chaos.Actions.ClockSkew;
using ResilienceLab.Chaos.Actions.EtcdMember;
using ResilienceLab.Chaos.Actions.Heal;
using ResilienceLab.Chaos.Actions.Kill;
using ResilienceLab.Chaos.Actions.Latency;
using ResilienceLab.Chaos.Actions.Partition;
using ResilienceLab.Chaos.Actions.Pause;
using ResilienceLab.Chaos.Actions.RevokeLease;
using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Actions.Terminate;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Actions;

/// <summary>
/// The registry: for each <see cref="ChaosActionKind"/>, the action and the arguments its steps take. The loader reads
/// a step's fields, the JSON Schema's per-action rules and the "does not apply"/"needs" messages from here.
/// </summary>
internal static class ChaosActions
{
    /// <summary>Every action, in <see cref="ChaosActionKind"/> order (messages and the schema list them so).</summary>
    public static readonly IReadOnlyList<ChaosActionRegistration> Registrations = [.. new ChaosActionRegistration[]
    {
        new(new KillAction(), KillAction.Arguments),
        new(new TerminateAction(), TerminateAction.Arguments),
        new(new PauseAction(), PauseAction.Arguments),
        new(new PartitionAction(), PartitionAction.Arguments),
        new(new LatencyAction(), LatencyArguments.Shape),
        new(new HealAction(), HealAction.Arguments),
        new(new StoreFaultAction(), StoreFaultArguments.Shape),
        new(new RevokeLeaseAction(), RevokeLeaseAction.Arguments),
        new(new KillEtcdMemberAction(), EtcdMemberArguments.KillShape),
        new(new RestartEtcdMemberAction(), EtcdMemberArguments.RestartShape),
        new(new KillEtcdQuorumAction(), KillEtcdQuorumAction.Arguments),
        new(new ClockSkewAction(), ClockSkewArguments.Shape),
    }.OrderBy(r => r.Kind)];

    private static readonly Dictionary<ChaosActionKind, ChaosActionRegistration> ByKind = Registrations.ToDictionary(r => r.Kind);

    /// <summary>The registration of <paramref name="kind"/>.</summary>
    public static ChaosActionRegistration Registration(ChaosActionKind kind) =>
        ByKind.TryGetValue(kind, out var registration) ? registration : throw new NotSupportedException($"no implementation for action {kind}");

    /// <summary>The actions whose steps take <paramref name="field"/>, by YAML name.</summary>
    public static IReadOnlyList<string> UsedBy(string field) => [.. Registrations.Where(r => r.Arguments.Accepts(field)).Select(r => r.YamlName)];

    /// <summary>Every argument field of any action, each once, in registration order.</summary>
    public static IReadOnlyList<Plans.Shape.FieldShape> ArgumentFields { get; } =
        [.. Registrations.SelectMany(r => r.Arguments.Fields.Select(f => f.Field)).DistinctBy(f => f.Name)];
}
