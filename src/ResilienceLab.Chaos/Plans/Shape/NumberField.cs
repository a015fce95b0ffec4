using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A number field in [<see cref="Min"/>, <see cref="Max"/>] (<see cref="Min"/> excluded when <see cref="MinExclusive"/>).</summary>
internal sealed class NumberField(string name, string description, double min, double max) : FieldShape(name, description)
{
    public double Min { get; } = min;

    public double Max { get; } = max;

    public bool MinExclusive { get; init; }

    public double? Read(SectionReader section) => section.Number(Name, Min, Max, MinExclusive);

    public override void Check(SectionReader section) => _ = Read(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions) => new()
    {
        ["type"] = "number",
        [MinExclusive ? "exclusiveMinimum" : "minimum"] = Min,
        ["maximum"] = Max,
    };
}
