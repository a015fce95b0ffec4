using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.FinalState;

namespace ResilienceLab.Verification.Operations;

/// <summary>
/// Judges writes of unknown outcome by the store's own record: the observer's <c>store.final</c> read of a key after the
/// run (its value and mod revision). When no ok write of that key claims the revision the store holds, and exactly one
/// write recorded with an unknown outcome (info: a lost reply, a write cancelled in flight) wrote that value before the
/// read, that write applied: it is made ok at that revision, so every check judges it as the store shows it (a stale
/// holder's write that landed is a stale write, not a "maybe").
/// </summary>
/// <remarks>
/// Only the fenced writes (task checkpoints, lock and leader writes) are resolved: the checks that judge them read only ok
/// writes, by token and revision. Register writes stay unknown: the linearizability check already places an unknown write
/// anywhere after its invoke, and when exactly this one applied is not on record. The resolved write keeps the time its
/// writer gave up on it. Only the key's last change is on record, so only the write that made it is resolved; the others
/// stay unknown. Two candidates with the same value cannot be told apart and stay unknown too.
/// </remarks>
internal static class StoreRecord
{
    /// <summary>The detail a resolved completion carries, naming what resolved it.</summary>
    public const string ResolvedDetail = "resolved";

    public static void Resolve(MergedHistory history, Operation[] operations)
    {
        var finals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < history.Entries.Count; i++)
        {
            var entry = history.Entries[i];
            if (entry.Type == HistoryEntryType.Event && entry.Op == HistoryOps.StoreFinal && entry.Key is not null && entry.Value is not null && entry.Revision is not null)
            {
                finals[entry.Key] = i;
            }
        }

        if (finals.Count == 0)
        {
            return;
        }

        var claimed = new HashSet<(string Key, long Revision)>();
        var candidates = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var o = 0; o < operations.Length; o++)
        {
            var op = operations[o];
            if (!FinalStateConstants.Writes.Contains(op.Op) || op.Op is HistoryOps.RegisterWrite or HistoryOps.RegisterCas || op.Key is not { } key || !finals.ContainsKey(key))
            {
                continue;
            }

            if (op.IsOk && op.Completion!.Revision is { } revision)
            {
                claimed.Add((key, revision));
            }
            else if (op.Outcome == OperationOutcome.Info && !op.IsOpen)
            {
                // Info only: an operation that never completed marks its process as hung (the holds end there), and stays so.
                if (!candidates.TryGetValue(key, out var list))
                {
                    candidates[key] = list = [];
                }

                list.Add(o);
            }
        }

        foreach (var (key, index) in finals)
        {
            var final = history.Entries[index];
            if (claimed.Contains((key, final.Revision!.Value)) || !candidates.TryGetValue(key, out var list))
            {
                continue;
            }

            var wrote = list.Where(o => string.Equals(operations[o].Invoke.Value, final.Value, StringComparison.Ordinal) && operations[o].InvokeTime <= final.Time).ToList();
            if (wrote.Count != 1)
            {
                continue;
            }

            var op = operations[wrote[0]];
            var details = new Dictionary<string, string>(StringComparer.Ordinal) { [ResolvedDetail] = $"{HistoryOps.StoreFinal} holds its value at revision {final.Revision}" };
            if (op.Completion?.Error is { } error)
            {
                details["writerSaw"] = error;
            }

            operations[wrote[0]] = op with
            {
                Completion = op.Invoke with
                {
                    Type = HistoryEntryType.Ok,
                    Time = op.Completion!.Time,
                    Value = op.Invoke.Value,
                    Revision = final.Revision,
                    Error = null,
                    Details = details,
                },
            };
        }
    }
}
