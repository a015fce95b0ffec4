namespace ResilienceLab.History;

/// <summary>
/// Checks that completions pair with invokes: per process incarnation, an id is invoked once and
/// completed at most once, by the same op. A <see cref="HistoryOps.ProcessStart"/> event starts a
/// new incarnation (a restarted replica numbers its operations from 1 again); invokes still open
/// then belonged to the dead incarnation and count as info.
/// </summary>
internal static class HistoryPairingValidator
{
    public static void Validate(IReadOnlyList<HistoryEntry> entries, IReadOnlyList<HistoryLocation> locations, List<HistoryProblem> problems)
    {
        var open = new Dictionary<(string Process, long Id), int>();
        var completed = new Dictionary<(string Process, long Id), int>();
        var laterInvokes = new Dictionary<(string Process, long Id), int>();
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i].Type == HistoryEntryType.Invoke)
            {
                laterInvokes[(entries[i].Process, entries[i].Id)] = i;
            }
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var key = (entry.Process, entry.Id);
            switch (entry.Type)
            {
                case HistoryEntryType.Event when entry.Op == HistoryOps.ProcessStart:
                    ForgetIncarnation(open, entry.Process);
                    ForgetIncarnation(completed, entry.Process);
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
                    else if (laterInvokes.TryGetValue(key, out var later) && later > i)
                    {
                        problems.Add(new HistoryProblem(locations[i], HistoryProblemKind.CompletionWithoutInvoke, $"{entry.Type.ToString().ToLowerInvariant()} of {entry.Process} #{entry.Id} ({entry.Op}) at {entry.Time:O} is earlier than its invoke at {locations[later]} ({entries[later].Time:O}): did the clock go backwards?"));
                    }
                    else
                    {
                        problems.Add(new HistoryProblem(locations[i], HistoryProblemKind.CompletionWithoutInvoke, $"{entry.Type.ToString().ToLowerInvariant()} of {entry.Process} #{entry.Id} ({entry.Op}) has no invoke"));
                    }

                    break;
            }
        }
    }

    private static void ForgetIncarnation(Dictionary<(string Process, long Id), int> map, string process)
    {
        foreach (var key in map.Keys.Where(k => k.Process == process).ToList())
        {
            map.Remove(key);
        }
    }
}
