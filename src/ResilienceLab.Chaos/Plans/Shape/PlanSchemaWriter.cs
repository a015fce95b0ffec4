using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Shape;

/// <summary>
/// Generates the plan's JSON Schema (draft 2020-12) from the section and action declarations. The generated text is
/// checked in at <c>chaos-plans/schema/chaos-plan.schema.json</c> for editors; a test keeps that file equal to
/// <see cref="Generate"/>.
/// </summary>
internal static class PlanSchemaWriter
{
    /// <summary>The file's place in the repository.</summary>
    public const string RepositoryPath = "chaos-plans/schema/chaos-plan.schema.json";

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 2,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema as a JSON document.</summary>
    public static JsonObject Build()
    {
        var definitions = new SchemaDefinitions();
        var root = PlanShape.Root.Schema(definitions);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "urn:resiliencelab:chaos-plan:v1",
            ["title"] = $"ResilienceLab chaos plan ({ChaosPlanConstants.ApiVersion})",
        };
        foreach (var (key, value) in root.ToList())
        {
            root.Remove(key);
            schema[key] = value;
        }

        var defs = new JsonObject();
        // Writing a definition can refer to further ones: walk the list as it grows.
        for (var i = 0; i < definitions.All.Count; i++)
        {
            defs[definitions.All[i].Name] = definitions.All[i].Schema(definitions);
        }

        schema["$defs"] = defs;
        return schema;
    }

    /// <summary>The schema file's text: two-space indentation, '\n' line ends, a final newline.</summary>
    public static string Generate() => Build().ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";
}
