using ResilienceLab.History;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.FinalState;

/// <summary>
/// What the history says committed against the store's own record: the observer's <c>store.final</c> read of each key
/// after the run (its value and mod revision). Every write is judged by the store, including one whose outcome the
/// writer never learnt (a lost reply, a write cancelled in flight): the store shows whether it applied.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>committed-write-missing</c>: an ok write committed at a revision after the key's last change (or the key is gone).</item>
/// <item><c>value-mismatch</c>: an ok write committed at exactly the key's last change, with another value.</item>
/// <item><c>unrecorded-write</c>: the key's last change is after every ok write and no write of unknown outcome (info, or
/// never completed) wrote its value: the store took a write the history says did not happen (a write recorded as failed
/// that was delivered late, or one made outside the recorded, fenced paths).</item>
/// </list>
/// Keys without a <c>store.final</c> are not judged.
/// </remarks>
public sealed class FinalStateCheck : ICheck
{
    /// <inheritdoc />
    public string Name => FinalStateConstants.Name;

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var finals = history.Events.Where(e => e.Op == HistoryOps.StoreFinal && e.Key is not null).GroupBy(e => e.Key!, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        if (finals.Count == 0)
        {
            return CheckResult.Pass(Name, "no store.final record in the history (nothing to judge)");
        }

        var writes = history.Operations.Where(o => FinalStateConstants.Writes.Contains(o.Op) && o.Key is not null).ToLookup(o => o.Key!, StringComparer.Ordinal);
        var violations = new List<Violation>();
        var judged = 0;
        foreach (var final in finals)
        {
            judged += writes[final.Key!].Count();
            if (Judge(history, final, [.. writes[final.Key!]]) is { } violation)
            {
                violations.Add(violation);
            }
        }

        var facts = $"{finals.Count} key(s) read from the store after the run, {judged} recorded write(s) judged against them";
        return violations.Count == 0
            ? CheckResult.Pass(Name, facts)
            : CheckResult.Fail(Name, $"{violations.Count} violation(s): {string.Join(", ", violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} {g.Key}"))}; {facts}", violations, HistoryText.Origin(history));
    }

    private Violation? Judge(OperationHistory history, HistoryEntry final, List<Operation> writes)
    {
        var key = final.Key!;
        var last = writes.Where(w => w.IsOk && w.Revision is not null).MaxBy(w => w.Revision);
        var stored = final.Value is null ? "missing" : $"'{final.Value}' (last changed at revision {final.Revision})";
        if (last is not null && (final.Value is null || last.Revision > final.Revision))
        {
            return Make(FinalStateConstants.CommittedWriteMissing, key, final, [last],
                $"{key}: {last.Process}'s {last.Op} of '{last.Value}' says it committed at revision {last.Revision}, but after the run the store holds {stored}.\n  {HistoryText.Describe(history, last)}");
        }

        if (final.Value is null)
        {
            return null;
        }

        if (last is not null && last.Revision == final.Revision)
        {
            return string.Equals(last.Value, final.Value, StringComparison.Ordinal)
                ? null
                : Make(FinalStateConstants.ValueMismatch, key, final, [last],
                    $"{key}: {last.Process}'s {last.Op} of '{last.Value}' committed at revision {last.Revision}, but the store holds {stored}.\n  {HistoryText.Describe(history, last)}");
        }

        // The last change is after every ok write: a write of unknown outcome must have made it.
        if (writes.Any(w => !w.IsOk && w.Outcome != OperationOutcome.Fail && string.Equals(w.Invoke.Value, final.Value, StringComparison.Ordinal) && w.InvokeTime <= final.Time))
        {
            return null;
        }

        var failed = writes.Where(w => w.Outcome == OperationOutcome.Fail && string.Equals(w.Invoke.Value, final.Value, StringComparison.Ordinal)).ToList();
        var why = failed.Count > 0
            ? $" {failed.Count} write(s) of that value were recorded as certainly not applied, e.g.:\n  {HistoryText.Describe(history, failed[^1])}"
            : " no recorded write of that value exists: it was written outside the recorded paths.";
        return Make(FinalStateConstants.UnrecordedWrite, key, final, failed,
            $"{key}: after the run the store holds {stored}, later than every write the history says committed"
            + (last is null ? string.Empty : $" (the last at revision {last.Revision}, by {last.Process})") + ", and no write of unknown outcome wrote it;" + why);
    }

    private Violation Make(string kind, string key, HistoryEntry final, IReadOnlyList<Operation> operations, string message) => new()
    {
        Check = Name,
        Kind = kind,
        Key = key,
        Processes = [.. operations.Select(o => o.Process).Distinct()],
        Operations = operations,
        Start = operations.Count > 0 ? operations.Min(o => o.InvokeTime) : final.Time,
        End = final.Time,
        Message = message,
    };
}
