using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// Which fields of a section must or must not be written together — the part of the rules across fields that an editor
/// can check from the JSON Schema. The loader reports the same cases itself, with messages that say what to do.
/// </summary>
internal sealed record Presence
{
    /// <summary>Fields that must be written.</summary>
    public IReadOnlyList<string> Required { get; init; } = [];

    /// <summary>Fields that must not be written.</summary>
    public IReadOnlyList<string> Forbidden { get; init; } = [];

    /// <summary>At least one of these must be written.</summary>
    public IReadOnlyList<string> AnyOf { get; init; } = [];

    /// <summary>Not all of these together.</summary>
    public IReadOnlyList<string> NotTogether { get; init; } = [];

    /// <summary>A field that needs others: writing the key needs every field of its value.</summary>
    public IReadOnlyDictionary<string, string[]> Needs { get; init; } = new Dictionary<string, string[]>();

    /// <summary>Exactly one field is written.</summary>
    public bool ExactlyOne { get; init; }

    /// <summary>A tighter maximum for an integer field.</summary>
    public IReadOnlyDictionary<string, long> Maximum { get; init; } = new Dictionary<string, long>();

    /// <summary>Adds these constraints to <paramref name="schema"/> (a section's schema, or an if/then branch).</summary>
    public void WriteTo(JsonObject schema)
    {
        if (Required.Count > 0)
        {
            schema["required"] = Strings(Required);
        }

        if (ExactlyOne)
        {
            schema["minProperties"] = 1;
            schema["maxProperties"] = 1;
        }

        var properties = new JsonObject();
        foreach (var field in Forbidden)
        {
            properties[field] = false;
        }

        foreach (var (field, maximum) in Maximum)
        {
            properties[field] = new JsonObject { ["maximum"] = maximum };
        }

        if (properties.Count > 0)
        {
            schema["properties"] = properties;
        }

        if (AnyOf.Count > 0)
        {
            schema["anyOf"] = new JsonArray([.. AnyOf.Select(f => (JsonNode)new JsonObject { ["required"] = Strings([f]) })]);
        }

        if (Needs.Count > 0)
        {
            var needs = new JsonObject();
            foreach (var (field, others) in Needs)
            {
                needs[field] = Strings(others);
            }

            schema["dependentRequired"] = needs;
        }

        if (NotTogether.Count > 0)
        {
            schema["not"] = new JsonObject { ["required"] = Strings(NotTogether) };
        }
    }

    public static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
