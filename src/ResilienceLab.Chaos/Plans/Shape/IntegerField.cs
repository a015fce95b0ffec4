using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>An integer field in [<see cref="Min"/>, <see cref="Max"/>], optionally one of <see cref="Allowed"/>.</summary>
internal sealed class IntegerField(string name, string description, long min, long max) : FieldShape(name, description)
{
    public long Min { get; } = min;

    public long Max { get; } = max;

    /// <summary>The only values accepted (the schema lists them as an enum; the loader's own check says why).</summary>
    public IReadOnlyList<int>? Allowed { get; init; }

    public int? Read(SectionReader section) => section.Int(Name, (int)Min, (int)Max, Required, Hint);

    public long? ReadLong(SectionReader section) => section.Long(Name, Min, Max, Required, Hint);

    public override void Check(SectionReader section) => _ = ReadLong(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions)
    {
        if (Allowed is { } allowed)
        {
            return new JsonObject { ["enum"] = new JsonArray([.. allowed.Select(v => (JsonNode)v)]) };
        }

        var schema = new JsonObject { ["type"] = "integer", ["minimum"] = Min };
        if (Max != long.MaxValue)
        {
            schema["maximum"] = Max;
        }

        return schema;
    }
}
