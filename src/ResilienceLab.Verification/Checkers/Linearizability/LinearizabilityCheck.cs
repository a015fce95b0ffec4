using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Linearizability of registers (read, write, CAS) and counters (increment, read), one key at a time.
/// </summary>
/// <remarks>
/// Each key is first searched with Wing–Gong / Lowe and memoisation of (linearized set, state), as Knossos
/// and Porcupine do (<see cref="WglSearch"/>): fast on histories that are linearizable. When it finds no
/// linearization, or runs out of budget, the frontier search (<see cref="FrontierSearch"/>) walks the
/// history forward and stops at the first return no configuration can explain: the end of the smallest
/// failing prefix. The counterexample names that operation, the operations concurrent with it, and one
/// legal order of everything completed before it (from WGL on that prefix).
/// </remarks>
public sealed class LinearizabilityCheck(LinearizabilityOptions? options = null) : ICheck
{
    private const int MaxConcurrentShown = 8;
    private readonly LinearizabilityOptions _options = options ?? new LinearizabilityOptions();

    /// <inheritdoc />
    public string Name => LinearizabilityConstants.Name;

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var partitions = PartitionBuilder.Build(history, _options).ToList();
        if (partitions.Count == 0)
        {
            return CheckResult.Pass(Name, "no register or counter operations in the history");
        }

        var violations = new List<Violation>();
        var details = new List<string>();
        var undecided = new List<string>();
        long steps = 0;
        foreach (var partition in partitions)
        {
            var budget = Budget(partition.Operations.Count);
            // Windows first (memory bounded by a window); a failure is searched and explained on the whole partition.
            var wgl = SegmentedSearch.TryLinearize(partition.Operations, partition.Initial, Budget)
                ?? WglSearch.Run(partition.Operations, partition.Initial, budget);
            steps += wgl.Steps;
            if (wgl.Outcome == SearchOutcome.Linearizable)
            {
                continue;
            }

            var frontier = FrontierSearch.Run(partition.Operations, partition.Initial, FrontierBudget(partition.Operations.Count));
            steps += frontier.Work;
            switch (frontier.Outcome)
            {
                case SearchOutcome.NotLinearizable:
                    var (violation, text) = Explain(history, partition, frontier.FailingOperation);
                    violations.Add(violation);
                    details.Add(text);
                    break;
                case SearchOutcome.Linearizable when wgl.Outcome == SearchOutcome.NotLinearizable:
                    undecided.Add($"{partition.Model} {partition.Key} (the two searches disagree: please report this history)");
                    break;
                case SearchOutcome.BudgetExhausted when wgl.Outcome == SearchOutcome.NotLinearizable:
                    violations.Add(new Violation
                    {
                        Check = Name,
                        Kind = LinearizabilityConstants.NotLinearizable,
                        Key = partition.Key,
                        Start = partition.Operations.Min(o => o.Source.InvokeTime),
                        End = partition.Operations.Max(o => o.Source.CompleteTime ?? o.Source.InvokeTime),
                        Message = $"{partition.Model} {partition.Key} is not linearizable (no order of its {partition.Operations.Count} operations is legal); the failing prefix could not be isolated within {budget:N0} steps.",
                    });
                    details.Add(violations[^1].Message);
                    break;
                case SearchOutcome.BudgetExhausted:
                    undecided.Add($"{partition.Model} {partition.Key} ({partition.Operations.Count} ops, {budget:N0} steps per search)");
                    break;
            }
        }

        var facts = $"{partitions.Count} key(s) ({partitions.Count(p => p.Model == LinearizabilityConstants.RegisterModel)} register, {partitions.Count(p => p.Model == LinearizabilityConstants.CounterModel)} counter), {partitions.Sum(p => p.Operations.Count)} operation(s), {steps:N0} search steps";
        if (violations.Count > 0)
        {
            return CheckResult.Fail(Name, $"{violations.Count} key(s) not linearizable: {string.Join(", ", violations.Select(v => v.Key))}; {facts}", violations) with
            {
                Counterexample = HistoryText.Origin(history) + "\n" + string.Join("\n\n", details),
            };
        }

        return undecided.Count > 0
            ? CheckResult.Inconclusive(Name, $"undecided: {string.Join(", ", undecided)}; {facts}")
            : CheckResult.Pass(Name, $"linearizable; {facts}");
    }

    private long Budget(int operations) =>
        _options.MaxSearchSteps ?? LinearizabilityConstants.BaseSearchSteps + (LinearizabilityConstants.SearchStepsPerOperation * operations);

    // The frontier search only runs on a history WGL could not linearize; it may work harder to decide it.
    private long FrontierBudget(int operations) =>
        _options.MaxSearchSteps ?? (10 * LinearizabilityConstants.BaseSearchSteps) + (5 * LinearizabilityConstants.SearchStepsPerOperation * operations);

    private (Violation Violation, string Text) Explain(OperationHistory history, LinearizabilityPartition partition, int failingIndex)
    {
        var ops = partition.Operations;
        var first = ops[failingIndex];
        var cutoff = first.Return;
        var prefix = Prefix(ops, cutoff);
        var failing = new List<PartitionOperation> { first };
        failing.AddRange(ops.Where(o => o.Required && o.Return == cutoff && !ReferenceEquals(o, first)));
        var concurrent = prefix.Where(o => !ReferenceEquals(o.Source, first.Source) && o.Call <= first.Return && (o.Return >= first.Call || !o.Required)).ToList();
        var earlierReturns = ops.Where(o => o.Required && o.Return < cutoff).Select(o => o.Return).DefaultIfEmpty(long.MinValue).Max();
        var prefixBefore = earlierReturns == long.MinValue ? [] : Prefix(ops, earlierReturns);
        var before = prefixBefore.Count > 0 ? WglSearch.Run(prefixBefore, partition.Initial, Budget(prefixBefore.Count)) : null;

        var lines = new List<string>
        {
            $"{partition.Model} {partition.Key} is not linearizable. Smallest failing prefix: {prefix.Count(o => o.Required)} of {ops.Count(o => o.Required)} completed operations, up to {HistoryText.At(history, first.Source.CompleteTime!.Value)}.",
            "No legal order of the prefix lets this complete as recorded:",
            "  " + HistoryText.Describe(history, first.Source),
        };
        if (concurrent.Count > 0)
        {
            lines.Add($"Concurrent with it ({concurrent.Count}):");
            lines.AddRange(concurrent.Take(MaxConcurrentShown).Select(o => "  " + HistoryText.Describe(history, o.Source)));
            if (concurrent.Count > MaxConcurrentShown)
            {
                lines.Add($"  ... {concurrent.Count - MaxConcurrentShown} more");
            }
        }

        if (before is { Outcome: SearchOutcome.Linearizable } ok)
        {
            var lastChange = ok.Order.Select(i => prefixBefore[i]).LastOrDefault(o => o.Model.Kind is not (ModelOperationKind.RegisterRead or ModelOperationKind.CounterRead or ModelOperationKind.RegisterCasFailed));
            lines.Add($"One legal order of everything completed before it ends in state {partition.Describe(ok.FinalState)}" + (lastChange is null ? " (the initial state)." : ", last changed by:"));
            if (lastChange is not null)
            {
                lines.Add("  " + HistoryText.Describe(history, lastChange.Source));
            }
        }
        else if (before is null)
        {
            lines.Add($"It is the first operation to complete: the initial state is {partition.Describe(partition.Initial)}.");
        }

        var linearized = before is { Outcome: SearchOutcome.Linearizable } order ? order.Order.Select(i => prefixBefore[i].Source).ToList() : [];
        var violation = new Violation
        {
            Check = Name,
            Kind = LinearizabilityConstants.NotLinearizable,
            Key = partition.Key,
            Processes = [.. failing.Concat(concurrent).Select(o => o.Source.Process).Distinct()],
            Operations = [.. failing.Select(o => o.Source)],
            Linearization = new LinearizabilityFailure
            {
                Model = partition.Model,
                Key = partition.Key,
                Linearized = linearized,
                StateAfterPrefix = before switch
                {
                    null => partition.Describe(partition.Initial),
                    { Outcome: SearchOutcome.Linearizable } final => partition.Describe(final.FinalState),
                    _ => "unknown (the prefix could not be ordered within the search budget)",
                },
                Unplaced = [.. failing.Select(o => o.Source)],
                Concurrent = [.. concurrent.Select(o => o.Source)],
            },
            Start = first.Source.InvokeTime,
            End = first.Source.CompleteTime!.Value,
            Message = lines[0] + " Fails at: " + HistoryText.Describe(history, first.Source),
        };
        return (violation, string.Join("\n", lines));
    }

    // Operations called by the cutoff; those completing after it become optional (they may not have taken effect yet).
    private static List<PartitionOperation> Prefix(IReadOnlyList<PartitionOperation> ops, long cutoff) =>
        [.. ops.Where(o => o.Call <= cutoff).Select(o => o.Required && o.Return > cutoff ? o with { Required = false, Return = long.MaxValue } : o)];
}
