using ResilienceLab.Chaos.Plans.Sections;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Actions;

/// <summary>The argument fields many actions take and that mean the same for each (<see cref="ChaosActionArguments"/>).</summary>
internal static class CommonArguments
{
    public static readonly SectionField Selector = new("selector", string.Empty, SelectorShape.Section)
    {
        Hint = "which replicas it hits, e.g. selector: {mode: one, role: any}",
    };

    public static readonly DurationField Duration = new("duration", "How long the fault lasts (pause, partition, latency, store-fault, etcd member kills).")
    {
        Hint = "how long the fault lasts, e.g. duration: 10s",
    };

    /// <summary>Arguments of an action that hits replicas chosen by a required selector and nothing else.</summary>
    public static ActionArgumentsShape ReplicasOnly { get; } = new([new(Selector, Required: true)]);
}
