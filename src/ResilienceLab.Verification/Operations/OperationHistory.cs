using ResilienceLab.History;

namespace ResilienceLab.Verification.Operations;

/// <summary>
/// A merged history seen as operations (invokes paired with completions), events, and process
/// deaths: what every checker reads.
/// </summary>
public sealed class OperationHistory
{
    /// <summary>The chaos op that kills a process (SIGKILL, pod delete). key = the process name it killed.</summary>
    public const string KillOp = "chaos.kill";

    private OperationHistory(MergedHistory history, IReadOnlyList<Operation> operations, IReadOnlyList<HistoryEntry> events, IReadOnlyList<ProcessDeath> deaths)
    {
        History = history;
        Operations = operations;
        Events = events;
        Deaths = deaths;
    }

    /// <summary>The merged history.</summary>
    public MergedHistory History { get; }

    /// <summary>Every operation, in invoke order.</summary>
    public IReadOnlyList<Operation> Operations { get; }

    /// <summary>Every event entry (lock.lost, chaos.*, process.*), in merge order.</summary>
    public IReadOnlyList<HistoryEntry> Events { get; }

    /// <summary>Process incarnations that ended without a graceful stop, in time order.</summary>
    public IReadOnlyList<ProcessDeath> Deaths { get; }

    /// <summary>The first entry's time (the origin of the relative times in counterexamples).</summary>
    public DateTimeOffset Start => History.Start ?? DateTimeOffset.UnixEpoch;

    /// <summary>The last entry's time.</summary>
    public DateTimeOffset End => History.End ?? DateTimeOffset.UnixEpoch;

    /// <summary>
    /// Pairs invokes with completions (per process incarnation, by id) and finds deaths. A write of unknown outcome that the
    /// store's record after the run shows applied is made ok at the revision the store holds (<see cref="StoreRecord"/>).
    /// </summary>
    public static OperationHistory From(MergedHistory history)
    {
        // Invokes and their completions are paired by index first and each Operation is made once: a million-entry
        // history made half a million operations twice (the second copy adding its completion) before.
        // Sized for a history of invokes and completions (events are few): these lists grew by doubling, once per seed.
        var invokes = new List<int>((history.Entries.Count / 2) + 1);
        var completions = new List<int>((history.Entries.Count / 2) + 1);
        var processes = new Dictionary<string, int>(StringComparer.Ordinal);
        var open = new Dictionary<(int Process, long Id), int>();
        var events = new List<HistoryEntry>();
        var entries = history.Entries;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (!processes.TryGetValue(entry.Process, out var process))
            {
                processes[entry.Process] = process = processes.Count;
            }

            switch (entry.Type)
            {
                case HistoryEntryType.Invoke:
                    open[(process, entry.Id)] = invokes.Count;
                    invokes.Add(i);
                    completions.Add(-1);
                    break;
                case HistoryEntryType.Event:
                    events.Add(entry);
                    if (entry.Op == HistoryOps.ProcessStart)
                    {
                        // A restarted process numbers its ids from 1 again; what is still open stays open-ended.
                        CloseAll(open, process);
                    }

                    break;
                default:
                    if (open.Remove((process, entry.Id), out var index))
                    {
                        completions[index] = i;
                    }

                    break;
            }
        }

        var operations = new Operation[invokes.Count];
        for (var o = 0; o < operations.Length; o++)
        {
            var completion = completions[o];
            operations[o] = new Operation
            {
                Invoke = entries[invokes[o]],
                InvokeIndex = invokes[o],
                Completion = completion < 0 ? null : entries[completion],
                CompletionIndex = completion,
            };
        }

        StoreRecord.Resolve(history, operations);
        return new OperationHistory(history, operations, events, FindDeaths(history));
    }

    /// <summary>Forgets the open invokes of <paramref name="process"/> (a static method: a lambda capturing the process here
    /// made a closure for every entry of the history).</summary>
    private static void CloseAll(Dictionary<(int Process, long Id), int> open, int process)
    {
        List<(int, long)>? closed = null;
        foreach (var key in open.Keys)
        {
            if (key.Process == process)
            {
                (closed ??= []).Add(key);
            }
        }

        foreach (var key in closed ?? [])
        {
            open.Remove(key);
        }
    }

    /// <summary>The deaths of <paramref name="process"/> at or after <paramref name="from"/>, first one first.</summary>
    public ProcessDeath? FirstDeathAfter(string process, DateTimeOffset from)
    {
        // A loop: the checks ask for every hold and term of a seed, and a query's filter captured both arguments each time.
        for (var i = 0; i < Deaths.Count; i++)
        {
            if (Deaths[i].Process == process && Deaths[i].Time >= from)
            {
                return Deaths[i];
            }
        }

        return null;
    }

    /// <summary>True for a chaos.kill event that names its target and did not fail (a kill with an error killed nothing).</summary>
    public static bool IsKill(HistoryEntry entry) =>
        entry.Type == HistoryEntryType.Event && entry.Op == KillOp && entry.Error is null && KillTarget(entry) is not null;

    /// <summary>The process a chaos.kill event names: its key, or details["process"].</summary>
    public static string? KillTarget(HistoryEntry entry) =>
        entry.Details is { } details && details.TryGetValue("process", out var process) ? process : entry.Key;

    private static List<ProcessDeath> FindDeaths(MergedHistory history)
    {
        var deaths = new List<ProcessDeath>();
        var lastSeen = new Dictionary<string, DateTimeOffset>();
        var stopped = new HashSet<string>();
        var killed = new HashSet<string>();
        foreach (var entry in history.Entries)
        {
            if (IsKill(entry))
            {
                var target = KillTarget(entry)!;
                deaths.Add(new ProcessDeath(target, entry.Time, $"killed ({KillOp} by {entry.Process})"));
                killed.Add(target);
                continue;
            }

            if (entry.Type == HistoryEntryType.Event && entry.Op == HistoryOps.ProcessStart)
            {
                // A restart with neither a graceful stop nor a recorded kill: the previous incarnation died
                // some time after its last entry; that entry is the best bound the history gives.
                if (lastSeen.TryGetValue(entry.Process, out var last) && !stopped.Contains(entry.Process) && !killed.Contains(entry.Process))
                {
                    deaths.Add(new ProcessDeath(entry.Process, last, $"restarted ({HistoryOps.ProcessStart} at {entry.Time:O}) without a stop"));
                }

                stopped.Remove(entry.Process);
                killed.Remove(entry.Process);
            }
            else if (entry.Type == HistoryEntryType.Event && entry.Op == HistoryOps.ProcessStop)
            {
                stopped.Add(entry.Process);
            }

            lastSeen[entry.Process] = entry.Time;
        }

        deaths.Sort((a, b) => a.Time.CompareTo(b.Time));
        return deaths;
    }
}
