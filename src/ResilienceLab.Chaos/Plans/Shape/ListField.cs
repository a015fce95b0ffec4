using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Loading;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A list field; the schema of its items is given as a function (a section's <c>$ref</c>, a string, …).</summary>
internal sealed class ListField(string name, string description, Func<SchemaDefinitions, JsonObject> items) : FieldShape(name, description)
{
    public int? MinItems { get; init; }

    public PlanSequence? Open(SectionReader section) => section.Sequence(Name, Required, Hint);

    /// <summary>A list of <paramref name="section"/> mappings.</summary>
    public static ListField Of(string name, string description, SectionShape section) => new(name, description, d => d.Ref(section));

    public override void Check(SectionReader section) => _ = Open(section);

    protected override JsonObject ValueSchema(SchemaDefinitions definitions)
    {
        var schema = new JsonObject { ["type"] = "array" };
        if (MinItems is { } min)
        {
            schema["minItems"] = min;
        }

        schema["items"] = items(definitions);
        return schema;
    }
}
