using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;

namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// YAML to JSON with the same typing the loader uses (YAML 1.2 core schema), so the JSON Schema sees exactly what the
/// loader sees. The schema tests use it.
/// </summary>
internal static class PlanNodeJson
{
    /// <summary>Reads <paramref name="yaml"/> and converts it; null (with diagnostics) when the YAML is malformed.</summary>
    public static JsonNode? Convert(string yaml, DiagnosticBag diagnostics) =>
        PlanYamlReader.Read(yaml, diagnostics) is { } root ? ToJson(root) : null;

    public static JsonNode? ToJson(PlanNode node) => node switch
    {
        PlanMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key, ToJson(e.Value)))),
        PlanSequence sequence => new JsonArray([.. sequence.Items.Select(ToJson)]),
        PlanScalar scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(PlanScalar scalar) => scalar.Kind switch
    {
        ScalarKind.Null => null,
        ScalarKind.Bool => JsonValue.Create(scalar.Value is "true" or "True" or "TRUE"),
        ScalarKind.Int => BigInteger.Parse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) is var big
            && big >= long.MinValue && big <= long.MaxValue
            ? JsonValue.Create((long)big)
            : JsonValue.Create((double)big),
        ScalarKind.Float => JsonValue.Create(double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(scalar.Value),
    };
}
