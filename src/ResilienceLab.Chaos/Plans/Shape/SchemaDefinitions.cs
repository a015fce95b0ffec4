using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>The definitions a schema refers to, in the order first referred to (so the generated file is stable).</summary>
internal sealed class SchemaDefinitions
{
    private readonly List<SchemaDefinition> order = [];

    public IReadOnlyList<SchemaDefinition> All => order;

    /// <summary>A <c>$ref</c> to <paramref name="definition"/>, which is written under <c>$defs</c>.</summary>
    public JsonObject Ref(SchemaDefinition definition)
    {
        if (order.Find(d => d.Name == definition.Name) is { } known && !ReferenceEquals(known, definition))
        {
            throw new InvalidOperationException($"two schema definitions are named '{definition.Name}'");
        }

        if (!order.Contains(definition))
        {
            order.Add(definition);
        }

        return new JsonObject { ["$ref"] = $"#/$defs/{definition.Name}" };
    }
}
