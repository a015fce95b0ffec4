using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Reporting.Json;

/// <summary>report.json: the verdict as data, for dashboards and other tools.</summary>
internal static class JsonReport
{
    /// <summary>Web casing, kebab-case enums, nulls left out: the options of every JSON file the reports write.</summary>
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Render(Verdict verdict)
    {
        var report = new
        {
            Format = 1,
            verdict.Metadata.Name,
            verdict.Status,
            verdict.Passed,
            verdict.Metadata.GeneratedAt,
            verdict.Metadata.Sources,
            verdict.Metadata.Properties,
            History = new { Entries = verdict.History.Count, verdict.History.Start, verdict.History.End },
            Checks = verdict.Results.Select(r => new
            {
                r.Name,
                r.Status,
                r.Summary,
                r.Counterexample,
                ElapsedMilliseconds = r.Elapsed?.TotalMilliseconds,
                Violations = r.Violations.Select(v => new
                {
                    v.Kind,
                    v.Key,
                    v.Processes,
                    v.Tokens,
                    v.Start,
                    v.End,
                    v.Message,
                    Operations = v.Operations.Select(Operation),
                    Linearization = v.Linearization is { } lin ? new { lin.Model, lin.StateAfterPrefix, Linearized = lin.Linearized.Select(Operation), Unplaced = lin.Unplaced.Select(Operation) } : null,
                }),
            }),
            Warnings = verdict.Warnings.Select(w => w.ToString()),
        };
        return JsonSerializer.Serialize(report, Options);
    }

    private static object Operation(Operation op) => new { op.Process, op.Op, op.Key, op.Value, op.Token, op.Outcome, Invoked = op.InvokeTime, Completed = op.CompleteTime };
}
