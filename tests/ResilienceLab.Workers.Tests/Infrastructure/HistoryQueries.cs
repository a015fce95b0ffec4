using ResilienceLab.History;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>An invoked operation and how it completed (null: never completed — the process died).</summary>
internal sealed record OperationRecord(HistoryEntry Invoke, HistoryEntry? Completion)
{
    public HistoryEntryType Outcome => Completion?.Type ?? HistoryEntryType.Info;

    public bool IsOk => Completion?.Type == HistoryEntryType.Ok;

    public string? Value => Completion?.Value ?? Invoke.Value;
}

/// <summary>Pairs invocations with completions and answers the questions the scenarios ask of a history.</summary>
internal static class HistoryQueries
{
    public static List<OperationRecord> Operations(IEnumerable<HistoryEntry> entries, string op)
    {
        var list = entries.Where(e => e.Op == op).ToList();
        var completions = list.Where(e => e.Type is HistoryEntryType.Ok or HistoryEntryType.Fail or HistoryEntryType.Info)
            .ToDictionary(e => (e.Process, e.Id));
        return [.. list.Where(e => e.Type == HistoryEntryType.Invoke).Select(i => new OperationRecord(i, completions.GetValueOrDefault((i.Process, i.Id))))];
    }

    /// <summary>
    /// No step of any task committed twice, none missing: per task the ok task.commit values are distinct, and
    /// together with the commits whose outcome is unknown (info, or never completed because the process was
    /// killed) they cover 1..steps.
    /// </summary>
    public static List<string> CommitProblems(MergedHistory history, int tasks, int steps)
    {
        var problems = new List<string>();
        var commits = Operations(history.Entries, HistoryOps.TaskCommit);
        for (var id = 0; id < tasks; id++)
        {
            var key = $"{WorkerConstants.TasksPrefix}{id}";
            var ok = commits.Where(c => c.Invoke.Key == key && c.IsOk).Select(c => int.Parse(c.Value!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var maybe = commits.Where(c => c.Invoke.Key == key && c.Outcome == HistoryEntryType.Info).Select(c => int.Parse(c.Value!, System.Globalization.CultureInfo.InvariantCulture));
            foreach (var duplicate in ok.GroupBy(v => v).Where(g => g.Count() > 1))
            {
                problems.Add($"{key}: step {duplicate.Key} committed {duplicate.Count()} times (ok)");
            }

            var missing = Enumerable.Range(1, steps).Except(ok).Except(maybe).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{key}: steps {string.Join(",", missing)} have no commit (ok or unknown)");
            }
        }

        return problems;
    }

    /// <summary>The store's record: each task's checkpoint took exactly the values 1, 2, …, steps, in that order.</summary>
    public static List<string> CheckpointProblems(Dictionary<string, List<string>> values, int tasks, int steps)
    {
        var expected = Enumerable.Range(1, steps).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var problems = new List<string>();
        for (var id = 0; id < tasks; id++)
        {
            var key = $"{WorkerConstants.TasksPrefix}{id}";
            var seen = values.GetValueOrDefault(key) ?? [];
            if (!seen.SequenceEqual(expected))
            {
                problems.Add($"{key}: checkpoint went {string.Join(" → ", seen)} (expected 1 → … → {steps}, each once)");
            }
        }

        return problems;
    }
}
