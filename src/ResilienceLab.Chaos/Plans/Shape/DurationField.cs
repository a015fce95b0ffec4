using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A duration field (<c>500ms</c>, <c>1m30s</c>); negative values only when <see cref="Min"/> is negative.</summary>
internal sealed class DurationField(string name, string description) : FieldShape(name, description)
{
    /// <summary>The smallest value; default 0.</summary>
    public TimeSpan? Min { get; init; }

    /// <summary>The largest value; default <see cref="ChaosPlanConstants.MaxDuration"/>.</summary>
    public TimeSpan? Max { get; init; }

    /// <summary>0 (or <see cref="Min"/>) itself is refused.</summary>
    public bool Positive { get; init; } = true;

    public TimeSpan? Read(SectionReader section) => section.Duration(Name, Required, Hint, Positive, Min, Max);

    public override void Check(SectionReader section) => _ = Read(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions) =>
        definitions.Ref(Min < TimeSpan.Zero ? PlanValues.SignedDuration : PlanValues.Duration);
}
