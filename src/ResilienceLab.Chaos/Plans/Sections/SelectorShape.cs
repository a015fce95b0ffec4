using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary>A step's <c>selector</c>: which replicas it hits.</summary>
internal static class SelectorShape
{
    public static readonly EnumField<SelectorMode> Mode = new("mode", "selector mode", string.Empty) { Default = "one" };

    public static readonly IntegerField Value = new("value", "fixed: a count; fixed-percent and random-max-percent: a percentage (1-100).", 1, ChaosPlanConstants.MaxReplicas);

    public static readonly EnumField<ReplicaRole> Role = new("role", "role", string.Empty) { Default = "any" };

    public static readonly IntegerField Task = new("task", "lock-holder: the task id.", 0, ChaosPlanConstants.MaxTasks - 1);

    public static readonly StringField Lock = new("lock", "lock-holder: the lock's name as your service names it, or a prefix ending in '/' for the holders of every lock under it.") { MinLength = 1 };

    public static readonly StringField Election = new("election", "leader, follower: the election's name as your service names it (default: the reference workers' election).") { MinLength = 1 };

    private static readonly string[] CountedModes = [.. new[] { SelectorMode.Fixed, SelectorMode.FixedPercent, SelectorMode.RandomMaxPercent }.Select(PlanNames.Of)];

    private static readonly string[] PercentModes = [.. new[] { SelectorMode.FixedPercent, SelectorMode.RandomMaxPercent }.Select(PlanNames.Of)];

    public static readonly SectionShape Section = new("selector", "Which replicas a step hits: role picks candidates from the store when the step fires, mode picks among them (Chaos Mesh modes).", [Mode, Value, Role, Task, Lock, Election])
    {
        Conditions =
        [
            new("mode", CountedModes, new Presence { Required = ["value"] }) { Else = new Presence { Forbidden = ["value"] } },
            new("mode", PercentModes, new Presence { Maximum = new Dictionary<string, long> { ["value"] = 100 } }),
        ],
    };
}
