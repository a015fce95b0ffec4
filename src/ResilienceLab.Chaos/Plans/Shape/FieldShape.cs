using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// One field of a plan section, declared once: its YAML name, its value (the subclass: a duration, an integer range,
/// an enum, a section, …), what it means, whether it is required and its default. The loader reads it through the
/// declaration (<c>Read</c>) and the JSON Schema is generated from it (<see cref="Schema"/>).
/// </summary>
internal abstract class FieldShape(string name, string description)
{
    /// <summary>The YAML key.</summary>
    public string Name { get; } = name;

    /// <summary>What the field means, for editors (empty: the value's own description is enough).</summary>
    public string Description { get; } = description;

    /// <summary>The section is incomplete without it.</summary>
    public bool Required { get; init; }

    /// <summary>What the "missing field" error tells the user to write, e.g. "how long the fault lasts, e.g. duration: 10s".</summary>
    public string Hint { get; init; } = string.Empty;

    /// <summary>The value the loader uses when the field is left out, as the schema shows it (null: no default shown).</summary>
    public JsonNode? Default { get; init; }

    /// <summary>Typical values editors offer (none: the value's own examples).</summary>
    public IReadOnlyList<string> Examples { get; init; } = [];

    /// <summary>The field's JSON Schema: its value's schema with description and default.</summary>
    public JsonObject Schema(SchemaDefinitions definitions)
    {
        var schema = ValueSchema(definitions);
        if (Description.Length > 0)
        {
            schema["description"] = Description;
        }

        if (Default is not null)
        {
            schema["default"] = Default.DeepClone();
        }

        if (Examples.Count > 0)
        {
            schema["examples"] = Presence.Strings(Examples);
        }

        return schema;
    }

    /// <summary>
    /// Reads the field only for the errors its value has (a step whose action is unknown still has every argument
    /// checked, so one pass reports every error).
    /// </summary>
    public abstract void Check(Loading.SectionReader section);

    /// <summary>The schema of the value alone.</summary>
    protected abstract JsonObject ValueSchema(SchemaDefinitions definitions);
}
