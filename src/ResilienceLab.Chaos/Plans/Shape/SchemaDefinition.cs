using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>Something the plan's JSON Schema lists once under <c>$defs</c> and refers to by name: a section or a shared value.</summary>
internal abstract class SchemaDefinition(string name)
{
    /// <summary>Its key under <c>$defs</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Its schema; definitions it refers to are added through <paramref name="definitions"/>.</summary>
    public abstract JsonObject Schema(SchemaDefinitions definitions);
}
