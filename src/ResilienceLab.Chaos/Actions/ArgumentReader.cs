using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Actions;

/// <summary>What an action's arguments bind from: the step's mapping, and the plan binder's reading of a selector.</summary>
internal sealed class ArgumentReader(SectionReader step, Func<ReplicaSelector?> selector)
{
    /// <summary>The step; read fields through their declarations (<c>LatencyArguments.Latency.Read(reader.Step)</c>).</summary>
    public SectionReader Step { get; } = step;

    /// <summary>The step's selector (its mode, value and role checked), or null when it has none or it failed.</summary>
    public ReplicaSelector? Selector() => selector();
}
