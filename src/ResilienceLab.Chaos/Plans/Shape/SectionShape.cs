using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// One mapping of a plan (the root, <c>target</c>, a schedule step, …): its fields, declared once, and the presence
/// rules an editor can check. The loader takes the field names from here (unknown fields, did-you-mean) and the JSON
/// Schema's definition <see cref="SchemaDefinition.Name"/> is generated from it.
/// </summary>
internal sealed class SectionShape(string name, string description, IReadOnlyList<FieldShape> fields) : SchemaDefinition(name)
{
    private readonly Dictionary<string, FieldShape> byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public string Description { get; } = description;

    public IReadOnlyList<FieldShape> Fields { get; } = fields;

    public IReadOnlyList<string> FieldNames { get; } = [.. fields.Select(f => f.Name)];

    /// <summary>Rules that hold whatever the section's values.</summary>
    public Presence? Always { get; init; }

    /// <summary>Rules that depend on a field's value (an action, a kind, a mode).</summary>
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    public FieldShape this[string field] => byName[field];

    public override JsonObject Schema(SchemaDefinitions definitions)
    {
        var schema = new JsonObject { ["type"] = "object", ["additionalProperties"] = false };
        var required = Fields.Where(f => f.Required).Select(f => f.Name).ToList();
        if (required.Count > 0)
        {
            schema["required"] = Presence.Strings(required);
        }

        if (Description.Length > 0)
        {
            schema["description"] = Description;
        }

        var properties = new JsonObject();
        foreach (var field in Fields)
        {
            properties[field.Name] = field.Schema(definitions);
        }

        schema["properties"] = properties;
        var always = new JsonObject();
        Always?.WriteTo(always);
        foreach (var (key, value) in always.ToList())
        {
            always.Remove(key);
            schema[key] = value;
        }

        if (Conditions.Count > 0)
        {
            schema["allOf"] = new JsonArray([.. Conditions.Select(c => (JsonNode)c.ToSchema())]);
        }

        return schema;
    }
}
