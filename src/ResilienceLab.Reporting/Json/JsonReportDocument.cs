using ResilienceLab.Verification;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Reporting.Json;

// report.json's shape, property by property in the order written (ReportJsonContext generates its contract).

internal sealed record JsonReportDocument(
    int Format,
    string Name,
    CheckStatus Status,
    bool Passed,
    DateTimeOffset? GeneratedAt,
    IReadOnlyList<string> Sources,
    IReadOnlyDictionary<string, string> Properties,
    JsonReportHistory History,
    IReadOnlyList<JsonReportCheck> Checks,
    IReadOnlyList<string> Warnings);

internal sealed record JsonReportHistory(int Entries, DateTimeOffset? Start, DateTimeOffset? End);

internal sealed record JsonReportCheck(
    string Name,
    CheckStatus Status,
    string Summary,
    string? Counterexample,
    double? ElapsedMilliseconds,
    IReadOnlyList<JsonReportViolation> Violations);

internal sealed record JsonReportViolation(
    string Kind,
    string? Key,
    IReadOnlyList<string> Processes,
    IReadOnlyList<long> Tokens,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Message,
    IReadOnlyList<JsonReportOperation> Operations,
    JsonReportLinearization? Linearization);

internal sealed record JsonReportLinearization(string Model, string StateAfterPrefix, IReadOnlyList<JsonReportOperation> Linearized, IReadOnlyList<JsonReportOperation> Unplaced);

internal sealed record JsonReportOperation(
    string Process,
    string Op,
    string? Key,
    string? Value,
    long? Token,
    OperationOutcome Outcome,
    DateTimeOffset Invoked,
    DateTimeOffset? Completed)
{
    public static JsonReportOperation Of(Operation op) => new(op.Process, op.Op, op.Key, op.Value, op.Token, op.Outcome, op.InvokeTime, op.CompleteTime);
}
