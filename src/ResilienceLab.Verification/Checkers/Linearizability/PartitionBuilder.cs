using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Splits a history into one partition per (model, key): linearizability is compositional, so each key
/// is checked alone. Fail operations did not happen and are dropped, except a register CAS whose
/// compare did not hold (a read that saw another value); info and uncompleted operations are optional
/// and open-ended; reads whose outcome is unknown constrain nothing and are dropped.
/// </summary>
internal static class PartitionBuilder
{
    /// <summary>The error text a worker records when a CAS never reached the store (not a failed compare).</summary>
    public const string UnavailablePrefix = "unavailable";

    public static IEnumerable<LinearizabilityPartition> Build(OperationHistory history, LinearizabilityOptions options)
    {
        var skew = options.ClockSkew.Ticks;
        foreach (var group in history.Operations.Where(o => o.Op.StartsWith("register.", StringComparison.Ordinal)).GroupBy(o => o.Key!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return Register(group.Key, group, options, skew);
        }

        foreach (var group in history.Operations.Where(o => o.Op is HistoryOps.CounterIncrement or HistoryOps.CounterRead).GroupBy(o => o.Key!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            yield return Counter(group.Key, group, options, skew);
        }
    }

    private static LinearizabilityPartition Register(string key, IGrouping<string, Operation> operations, LinearizabilityOptions options, long skew)
    {
        var values = new List<string?> { null };
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        long Id(string? value)
        {
            if (value is null)
            {
                return 0;
            }

            if (!ids.TryGetValue(value, out var id))
            {
                ids[value] = id = values.Count;
                values.Add(value);
            }

            return id;
        }

        // The group is passed, not copied, and the result sized once: a long run's counter has hundreds of thousands of operations.
        var result = new List<PartitionOperation>(operations.Count());
        foreach (var op in operations)
        {
            ModelOperation? model = (op.Op, op.Outcome) switch
            {
                (HistoryOps.RegisterRead, OperationOutcome.Ok) => new ModelOperation(ModelOperationKind.RegisterRead, 0, 0, Id(op.Value), true),
                (HistoryOps.RegisterWrite, not OperationOutcome.Fail) => new ModelOperation(ModelOperationKind.RegisterWrite, Id(op.Invoke.Value), 0, 0, false),
                (HistoryOps.RegisterCas, OperationOutcome.Fail) when op.Error?.StartsWith(UnavailablePrefix, StringComparison.OrdinalIgnoreCase) != true && op.Error != HistoryOps.CompareFailedError
                    => new ModelOperation(ModelOperationKind.RegisterCasFailed, 0, Id(op.Expected), 0, false),
                (HistoryOps.RegisterCas, not OperationOutcome.Fail) => new ModelOperation(ModelOperationKind.RegisterCas, Id(op.Invoke.Value), Id(op.Expected), 0, false),
                _ => null,
            };
            if (model is { } m)
            {
                result.Add(Timed(op, m, skew));
            }
        }

        var initial = Id(options.RegisterInitialValue);
        var mutations = operations.Where(o => o.Op is HistoryOps.RegisterWrite or HistoryOps.RegisterCas && o.Outcome != OperationOutcome.Fail).Select(o => o.InvokeTicks).DefaultIfEmpty(long.MaxValue).Min();
        var firstRead = operations.Where(o => o.Op == HistoryOps.RegisterRead && o.IsOk && o.CompleteTicks < mutations).MinBy(o => o.CompleteTicks);
        if (firstRead is not null)
        {
            initial = Id(firstRead.Value);
        }

        return new LinearizabilityPartition { Model = LinearizabilityConstants.RegisterModel, Key = key, Initial = initial, Operations = result, Values = values };
    }

    private static LinearizabilityPartition Counter(string key, IGrouping<string, Operation> operations, LinearizabilityOptions options, long skew)
    {
        // The group is passed, not copied, and the result sized once: a long run's counter has hundreds of thousands of operations.
        var result = new List<PartitionOperation>(operations.Count());
        foreach (var op in operations)
        {
            ModelOperation? model = (op.Op, op.Outcome) switch
            {
                (HistoryOps.CounterRead, OperationOutcome.Ok) => new ModelOperation(ModelOperationKind.CounterRead, 0, 0, Parse(op.Value), true),
                (HistoryOps.CounterIncrement, OperationOutcome.Ok) => new ModelOperation(ModelOperationKind.CounterIncrement, 0, 0, op.Value is null ? 0 : Parse(op.Value), op.Value is not null),
                (HistoryOps.CounterIncrement, OperationOutcome.Info) => new ModelOperation(ModelOperationKind.CounterIncrement, 0, 0, 0, false),
                _ => null,
            };
            if (model is { } m)
            {
                result.Add(Timed(op, m, skew));
            }
        }

        var initial = options.CounterInitialValue;
        var increments = operations.Where(o => o.Op == HistoryOps.CounterIncrement && o.Outcome != OperationOutcome.Fail).Select(o => o.InvokeTicks).DefaultIfEmpty(long.MaxValue).Min();
        var firstRead = operations.Where(o => o.Op == HistoryOps.CounterRead && o.IsOk && o.CompleteTicks < increments).MinBy(o => o.CompleteTicks);
        if (firstRead is not null)
        {
            initial = Parse(firstRead.Value);
        }

        return new LinearizabilityPartition { Model = LinearizabilityConstants.CounterModel, Key = key, Initial = initial, Operations = result };
    }

    private static PartitionOperation Timed(Operation op, ModelOperation model, long skew)
    {
        var required = op.Outcome != OperationOutcome.Info;
        var call = op.InvokeTicks - skew;
        var ret = required ? op.CompleteTicks + skew : long.MaxValue;
        return new PartitionOperation(model, call, ret, required, op);
    }

    private static long Parse(string? value) => long.Parse(value!, CultureInfo.InvariantCulture);
}
