namespace ResilienceLab.History;

/// <summary>
/// Checks that completions pair with invokes: per process incarnation, an id is invoked once and
/// completed at most once, by the same op. A <see cref="HistoryOps.ProcessStart"/> event starts a
/// new incarnation (a restarted replica numbers its operations from 1 again); invokes still open
/// then belonged to the dead incarnation and count as info.
/// </summary>
/// <remarks>
/// Keyed by a small number per process rather than its name: a million entries hash a name once each, not three
/// times. Where a completion has no invoke, whether one comes later (a clock that went backwards) is looked up only
/// then, in one pass after the rest, instead of indexing every invoke up front.
/// </remarks>
internal static class HistoryPairingValidator
{
    public static void Validate(IReadOnlyList<HistoryEntry> entries, IReadOnlyList<HistoryLocation> locations, List<HistoryProblem> problems)
    {
        var processes = new Dictionary<string, int>(StringComparer.Ordinal);
        var open = new Dictionary<(int Process, long Id), int>();
        // At most one completion per two entries: sized once instead of growing through a dozen copies.
        var completed = new Dictionary<(int Process, long Id), int>(entries.Count / 2);
        var orphans = new List<(int Problem, int Entry, (int Process, long Id) Key)>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var key = (ProcessNumber(entry.Process), entry.Id);
            switch (entry.Type)
            {
                case HistoryEntryType.Event when entry.Op == HistoryOps.ProcessStart:
                    ForgetIncarnation(open, key.Item1);
                    ForgetIncarnation(completed, key.Item1);
                    break;
                case HistoryEntryType.Event:
                    break;
                case HistoryEntryType.Invoke:
                    if (open.TryGetValue(key, out var stillOpen))
                    {
                        problems.Add(new HistoryProblem(locations[i], HistoryProblemKind.DuplicateInvoke, $"{entry.Process} invoked operation id {entry.Id} again while its invoke at {locations[stillOpen]} is still open (a restarted process must record process.start first)"));
                    }
                    else if (completed.TryGetValue(key, out var done))
                    {
                        problems.Add(new HistoryProblem(locations[i], HistoryProblemKind.DuplicateInvoke, $"{entry.Process} reused operation id {entry.Id}, already completed at {locations[done]} (a restarted process must record process.start first)"));
                    }

                    open[key] = i;
                    break;
                default:
                    if (open.Remove(key, out var invoke))
                    {
                        if (entries[invoke].Op != entry.Op)
                        {
                            problems.Add(new HistoryProblem(locations[i], HistoryProblemKind.OpMismatch, $"completion {entry.Op} of {entry.Process} #{entry.Id} does not match its invoke {entries[invoke].Op} at {locations[invoke]}"));
                        }

                        completed[key] = i;
                    }
                    else if (completed.TryGetValue(key, out var first))
                    {
                        problems.Add(new HistoryProblem(locations[i], HistoryProblemKind.DuplicateCompletion, $"duplicate completion of {entry.Process} #{entry.Id} ({entry.Op}): already completed at {locations[first]}"));
                    }
                    else
                    {
                        // Worded once the first invoke of this key (if any) is known, below.
                        orphans.Add((problems.Count, i, key));
                        problems.Add(null!);
                    }

                    break;
            }
        }

        if (orphans.Count > 0)
        {
            DescribeOrphans(entries, locations, problems, orphans, ProcessNumber);
        }

        int ProcessNumber(string process)
        {
            if (!processes.TryGetValue(process, out var number))
            {
                processes[process] = number = processes.Count;
            }

            return number;
        }
    }

    private static void DescribeOrphans(IReadOnlyList<HistoryEntry> entries, IReadOnlyList<HistoryLocation> locations, List<HistoryProblem> problems, List<(int Problem, int Entry, (int Process, long Id) Key)> orphans, Func<string, int> processNumber)
    {
        // The first invoke of each orphaned key anywhere in the history: one later than the completion means the
        // completion was recorded before its invoke (the clock went backwards).
        var firstInvokes = orphans.Select(o => o.Key).Distinct().ToDictionary(k => k, _ => -1);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Type == HistoryEntryType.Invoke && firstInvokes.TryGetValue((processNumber(entries[i].Process), entries[i].Id), out var known) && known < 0)
            {
                firstInvokes[(processNumber(entries[i].Process), entries[i].Id)] = i;
            }
        }

        foreach (var (problem, i, key) in orphans)
        {
            var entry = entries[i];
            var later = firstInvokes[key];
            problems[problem] = later > i
                ? new HistoryProblem(locations[i], HistoryProblemKind.CompletionWithoutInvoke, $"{entry.Type.ToString().ToLowerInvariant()} of {entry.Process} #{entry.Id} ({entry.Op}) at {entry.Time:O} is earlier than its invoke at {locations[later]} ({entries[later].Time:O}): did the clock go backwards?")
                : new HistoryProblem(locations[i], HistoryProblemKind.CompletionWithoutInvoke, $"{entry.Type.ToString().ToLowerInvariant()} of {entry.Process} #{entry.Id} ({entry.Op}) has no invoke");
        }
    }

    private static void ForgetIncarnation(Dictionary<(int Process, long Id), int> map, int process)
    {
        foreach (var key in map.Keys.Where(k => k.Process == process).ToList())
        {
            map.Remove(key);
        }
    }
}
