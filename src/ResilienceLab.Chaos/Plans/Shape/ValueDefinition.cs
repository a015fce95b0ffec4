using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>A value shape many fields share (a duration, a name), listed once under <c>$defs</c>.</summary>
internal sealed class ValueDefinition(string name, Func<JsonObject> schema) : SchemaDefinition(name)
{
    public override JsonObject Schema(SchemaDefinitions definitions) => schema();
}
