using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.LostUpdates;

/// <summary>
/// Compares each counter's final read with its increments: the final value must lie within
/// [initial + increments acknowledged before the read began, initial + every increment not known to
/// have failed that began before the read ended]. Increments whose outcome is unknown (info, or no
/// completion) widen the range instead of raising a false alarm.
/// </summary>
/// <remarks>
/// The final read is the ok counter.read invoked last. The initial value is the last ok read that
/// completed before any increment was invoked, else <see cref="LostUpdatesOptions.InitialValue"/>.
/// When increments exist but no read does, the check is inconclusive.
/// </remarks>
public sealed class LostUpdatesCheck(LostUpdatesOptions? options = null) : ICheck
{
    private readonly LostUpdatesOptions _options = options ?? new LostUpdatesOptions();

    /// <inheritdoc />
    public string Name => LostUpdatesConstants.Name;

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var counters = history.Operations.Where(o => o.Op is HistoryOps.CounterIncrement or HistoryOps.CounterRead).GroupBy(o => o.Key!).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (counters.Count == 0)
        {
            return CheckResult.Pass(Name, "no counter operations in the history");
        }

        var violations = new List<Violation>();
        var facts = new List<string>();
        var unread = new List<string>();
        foreach (var counter in counters)
        {
            // Passes over the group itself, no copies of it: a long run has hundreds of thousands of increments.
            var increments = counter.Where(o => o.Op == HistoryOps.CounterIncrement);
            var reads = counter.Where(o => o.Op == HistoryOps.CounterRead && o.IsOk);
            var final = reads.MaxBy(r => r.InvokeTicks);
            if (final is null)
            {
                if (increments.Any())
                {
                    unread.Add(counter.Key);
                }

                continue;
            }

            var firstIncrement = long.MaxValue;
            int acknowledged = 0, possible = 0, unknown = 0, failed = 0;
            foreach (var increment in increments)
            {
                firstIncrement = Math.Min(firstIncrement, increment.InvokeTicks);
                acknowledged += increment.IsOk && increment.CompleteTicks < final.InvokeTicks ? 1 : 0;
                possible += increment.Outcome != OperationOutcome.Fail && increment.InvokeTicks < final.CompleteTicks ? 1 : 0;
                unknown += increment.Outcome == OperationOutcome.Info ? 1 : 0;
                failed += increment.Outcome == OperationOutcome.Fail ? 1 : 0;
            }

            var initialRead = reads.Where(r => r.CompleteTicks < firstIncrement && !ReferenceEquals(r, final)).MaxBy(r => r.CompleteTicks);
            var initial = initialRead is null ? _options.InitialValue : Parse(initialRead.Value);
            var value = Parse(final.Value);
            var (low, high) = (initial + acknowledged, initial + possible);
            facts.Add($"{counter.Key}: final {value} in [{low}, {high}] ({acknowledged} acknowledged, {unknown} unknown, {failed} failed, initial {initial})");
            if (value < low)
            {
                violations.Add(Lost(history, counter.Key, final, value, low, high, acknowledged, unknown, initial, [.. increments]));
            }
            else if (value > high)
            {
                violations.Add(new Violation
                {
                    Check = Name,
                    Kind = LostUpdatesConstants.PhantomUpdates,
                    Key = counter.Key,
                    Processes = [final.Process],
                    Operations = [final],
                    Start = final.InvokeTime,
                    End = final.CompleteTime!.Value,
                    Message = $"counter {counter.Key}: the final read by {final.Process} at {HistoryText.At(history, final.CompleteTime!.Value)} returned {value}, but at most {high} is possible (initial {initial} + {possible} increments that may have taken effect): {value - high} increment(s) counted more than once.\n  {HistoryText.Describe(history, final)}",
                });
            }
        }

        if (violations.Count > 0)
        {
            return CheckResult.Fail(Name, string.Join("; ", facts), violations, HistoryText.Origin(history));
        }

        if (unread.Count > 0)
        {
            return CheckResult.Inconclusive(Name, $"no final counter.read for {string.Join(", ", unread)}: increments cannot be compared with a final value" + (facts.Count > 0 ? "; " + string.Join("; ", facts) : string.Empty));
        }

        return CheckResult.Pass(Name, string.Join("; ", facts));
    }

    private Violation Lost(OperationHistory history, string key, Operation final, long value, long low, long high, int acknowledged, int unknown, long initial, List<Operation> increments)
    {
        // Supporting evidence: two acknowledged increments that both claim to have produced the same value.
        var groups = increments.Where(i => i.IsOk && i.Value is not null).GroupBy(i => i.Value).Where(g => g.Count() > 1).Take(3).ToList();
        var duplicates = groups
            .Select(g => $"  {string.Join(" and ", g.Take(2).Select(i => $"{i.Process} at {HistoryText.At(history, i.CompleteTime!.Value)}"))} both acknowledged value {g.Key}")
            .ToList();
        var evidence = duplicates.Count > 0 ? "\n" + string.Join("\n", duplicates) : string.Empty;
        var involved = increments.Where(i => i.IsOk).Select(i => i.Process).Distinct().Order(StringComparer.Ordinal);
        return new Violation
        {
            Check = Name,
            Kind = LostUpdatesConstants.LostUpdates,
            Key = key,
            Processes = [final.Process, .. involved.Where(p => p != final.Process)],
            Operations = [.. groups.SelectMany(g => g.Take(2)), final],
            Start = final.InvokeTime,
            End = final.CompleteTime!.Value,
            Message = $"counter {key}: {low - value} acknowledged increment(s) lost — the final read by {final.Process} at {HistoryText.At(history, final.CompleteTime!.Value)} returned {value}, but initial {initial} + {acknowledged} acknowledged increments is {low} (up to {high} with the {unknown} of unknown outcome).\n  {HistoryText.Describe(history, final)}{evidence}",
        };
    }

    private static long Parse(string? value) => long.Parse(value!, CultureInfo.InvariantCulture);
}
