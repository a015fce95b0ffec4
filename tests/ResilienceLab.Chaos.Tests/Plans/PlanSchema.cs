using System.Text.Json;
using Json.Schema;
using ResilienceLab.Chaos.Plans.Loading;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>
/// The plan JSON Schema as the declarations generate it (the checked-in file is pinned equal to it by
/// <c>PlanSchemaWriterTests</c>), and YAML checked against it with the loader's own YAML-to-JSON typing.
/// </summary>
internal static class PlanSchema
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(PlanSchemaWriter.Generate()));

    /// <summary>Null when <paramref name="yaml"/> is valid; otherwise the schema's errors, one per line.</summary>
    public static string? Errors(string yaml)
    {
        var json = PlanNodeJson.Convert(yaml, new DiagnosticBag("schema.yaml"));
        if (json is null)
        {
            return "not well-formed YAML";
        }

        using var document = JsonDocument.Parse(json.ToJsonString());
        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        return string.Join(
            Environment.NewLine,
            (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));
    }
}
