using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.MutualExclusion;

/// <summary>
/// Mutual exclusion of TTL locks, judged only by what a history can prove.
/// </summary>
/// <remarks>
/// <para>Holds are rebuilt per lock (see <see cref="LockHoldReconstruction"/>). Two holders' beliefs may
/// overlap in time legally: a paused holder still believes it holds the lock after its lease expired and
/// another process acquired it. That is why locks carry fencing tokens, and why overlapping beliefs are
/// only counted, not reported. What is checked:</para>
/// <list type="bullet">
/// <item><c>duplicate-token</c>: two processes acquired the same lock with the same token (the store
/// handed one create revision to two holders).</item>
/// <item><c>token-regression</c>: an acquisition invoked after another completed got a lower token.</item>
/// <item><c>stale-write</c>: two ok fenced writes (task.commit with a token) of one lock (or, when the
/// token matches no recorded acquisition, of one key) where the lower-token write certainly committed
/// after the higher-token one — by commit revision when every write carries one, else by real time
/// (invoked more than the clock skew after the other completed). This includes two holders' writes
/// interleaving (A, B, A).</item>
/// <item><c>write-after-newer-holder</c>: an ok fenced write whose token is lower than that of a
/// holder whose lock.acquire had completed before the write was invoked. The holder is the lowest create
/// revision under the prefix, so when the newer holder acquired, the older holder's key was gone and a
/// correctly fenced write could not commit: the two held the lock at the store at once.</item>
/// </list>
/// </remarks>
public sealed class MutualExclusionCheck(MutualExclusionOptions? options = null) : ICheck
{
    private readonly MutualExclusionOptions _options = options ?? new MutualExclusionOptions();

    /// <inheritdoc />
    public string Name => MutualExclusionConstants.Name;

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var holds = LockHoldReconstruction.Reconstruct(history);
        var holdsByProcessToken = holds.GroupBy(h => (h.Process, h.Token)).ToDictionary(g => g.Key, g => g.First());
        var writes = history.Operations
            .Where(o => _options.FencedWriteOps.Contains(o.Op) && o.IsOk && o.Token is not null)
            .ToList();
        if (holds.Count == 0 && writes.Count == 0)
        {
            return CheckResult.Pass(Name, "no lock acquisitions or fenced writes in the history");
        }

        var violations = new List<Violation>();
        foreach (var lockHolds in holds.GroupBy(h => h.Lock))
        {
            violations.AddRange(DuplicateTokens(history, lockHolds.Key, [.. lockHolds]));
            violations.AddRange(TokenRegressions(history, lockHolds.Key, [.. lockHolds]));
        }

        // A write belongs to the lock whose acquisition gave its process that token; otherwise to its key.
        var groups = writes.GroupBy(w => holdsByProcessToken.TryGetValue((w.Process, w.Token!.Value), out var hold) ? "lock " + hold.Lock : "key " + w.Key);
        foreach (var group in groups)
        {
            var groupWrites = group.ToList();
            violations.AddRange(StaleWrites(history, group.Key, groupWrites));
            if (group.Key.StartsWith("lock ", StringComparison.Ordinal))
            {
                var lockName = group.Key["lock ".Length..];
                violations.AddRange(WritesAfterNewerHolder(history, lockName, groupWrites, [.. holds.Where(h => h.Lock == lockName)]));
            }
        }

        var overlaps = CountBeliefOverlaps(holds);
        var rejected = history.Operations.Count(o => _options.FencedWriteOps.Contains(o.Op) && o.Outcome == OperationOutcome.Fail && o.Token is not null);
        var facts = $"{holds.Count} hold(s) on {holds.Select(h => h.Lock).Distinct().Count()} lock(s), {writes.Count} fenced write(s) accepted, {rejected} rejected; {overlaps} overlapping belief(s) (legal: fencing decides)";
        if (violations.Count == 0)
        {
            return CheckResult.Pass(Name, facts);
        }

        return CheckResult.Fail(Name, $"{violations.Count} violation(s): {string.Join(", ", violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} {g.Key}"))}; {facts}", violations, HistoryText.Origin(history));
    }

    private static IEnumerable<Violation> DuplicateTokens(OperationHistory history, string lockName, List<LockHold> holds)
    {
        foreach (var sameToken in holds.GroupBy(h => h.Token).Where(g => g.Select(h => h.Process).Distinct().Count() > 1))
        {
            var pair = sameToken.DistinctBy(h => h.Process).Take(2).ToList();
            yield return new Violation
            {
                Check = MutualExclusionConstants.Name,
                Kind = MutualExclusionConstants.DuplicateToken,
                Key = lockName,
                Processes = [pair[0].Process, pair[1].Process],
                Tokens = [sameToken.Key],
                Operations = [pair[0].Acquisition, pair[1].Acquisition],
                Start = pair.Min(h => h.Acquired),
                End = pair.Max(h => h.Acquired),
                Message = $"lock {lockName}: {pair[0].Process} and {pair[1].Process} both acquired it with token {sameToken.Key}, at {HistoryText.At(history, pair[0].Acquired)} and {HistoryText.At(history, pair[1].Acquired)}: two holders share one fencing token, so fencing cannot tell them apart.\n  {HistoryText.Describe(history, pair[0].Acquisition)}\n  {HistoryText.Describe(history, pair[1].Acquisition)}",
            };
        }
    }

    private IEnumerable<Violation> TokenRegressions(OperationHistory history, string lockName, List<LockHold> holds)
    {
        var byAcquired = holds.OrderBy(h => h.Acquired).ToList();
        var next = 0;
        LockHold? highest = null;
        foreach (var hold in holds.OrderBy(h => h.Requested))
        {
            while (next < byAcquired.Count && byAcquired[next].Acquired + _options.ClockSkew < hold.Requested)
            {
                if (highest is null || byAcquired[next].Token > highest.Token)
                {
                    highest = byAcquired[next];
                }

                next++;
            }

            if (highest is not null && hold.Token < highest.Token)
            {
                yield return new Violation
                {
                    Check = MutualExclusionConstants.Name,
                    Kind = MutualExclusionConstants.TokenRegression,
                    Key = lockName,
                    Processes = [hold.Process, highest.Process],
                    Tokens = [hold.Token, highest.Token],
                    Operations = [highest.Acquisition, hold.Acquisition],
                    Start = highest.Acquired,
                    End = hold.Acquired,
                    Message = $"lock {lockName}: {hold.Process} acquired it with token {hold.Token} at {HistoryText.At(history, hold.Acquired)}, requested at {HistoryText.At(history, hold.Requested)} after {highest.Process} had acquired it with the higher token {highest.Token} at {HistoryText.At(history, highest.Acquired)}: tokens must grow, or a stale holder's writes pass the fence.\n  {HistoryText.Describe(history, highest.Acquisition)}\n  {HistoryText.Describe(history, hold.Acquisition)}",
                };
            }
        }
    }

    private IEnumerable<Violation> StaleWrites(OperationHistory history, string group, List<Operation> writes)
    {
        foreach (var (later, earlier) in Ordering.TokenInversions(writes, _options.ClockSkew))
        {
            var how = later.Revision is not null && earlier.Revision is not null
                ? $"at revision {later.Revision} after revision {earlier.Revision}"
                : $"(invoked at {HistoryText.At(history, later.InvokeTime)}, after the other completed at {HistoryText.At(history, earlier.CompleteTime!.Value)})";
            yield return new Violation
            {
                Check = MutualExclusionConstants.Name,
                Kind = MutualExclusionConstants.StaleWrite,
                Key = group.Split(' ', 2)[1],
                Processes = later.Process == earlier.Process ? [later.Process] : [later.Process, earlier.Process],
                Tokens = [later.Token!.Value, earlier.Token!.Value],
                Operations = [earlier, later],
                Start = earlier.InvokeTime,
                End = later.CompleteTime!.Value,
                Message = $"{group}: {later.Process}'s fenced write with token {later.Token} committed {how}, though {earlier.Process}'s write with the higher token {earlier.Token} had already committed: the store accepted a write from a stale holder.\n  {HistoryText.Describe(history, earlier)}\n  {HistoryText.Describe(history, later)}",
            };
        }
    }

    private IEnumerable<Violation> WritesAfterNewerHolder(OperationHistory history, string lockName, List<Operation> writes, List<LockHold> holds)
    {
        var byAcquired = holds.OrderBy(h => h.Acquired).ToList();
        var next = 0;
        LockHold? highest = null;
        foreach (var write in writes.OrderBy(w => w.InvokeTicks))
        {
            while (next < byAcquired.Count && byAcquired[next].Acquired + _options.ClockSkew < write.InvokeTime)
            {
                if (highest is null || byAcquired[next].Token > highest.Token)
                {
                    highest = byAcquired[next];
                }

                next++;
            }

            if (highest is not null && write.Token < highest.Token)
            {
                yield return new Violation
                {
                    Check = MutualExclusionConstants.Name,
                    Kind = MutualExclusionConstants.WriteAfterNewerHolder,
                    Key = lockName,
                    Processes = write.Process == highest.Process ? [write.Process] : [write.Process, highest.Process],
                    Tokens = [write.Token!.Value, highest.Token],
                    Operations = [highest.Acquisition, write],
                    Start = highest.Acquired,
                    End = write.CompleteTime!.Value,
                    Message = $"lock {lockName}: {write.Process}'s fenced write with token {write.Token} committed ({HistoryText.Interval(history, write)}) after {highest.Process} had acquired the lock with the higher token {highest.Token} at {HistoryText.At(history, highest.Acquired)}: both held the lock at the store at once (the newer holder is only the holder once every older key is gone).\n  {HistoryText.Describe(history, highest.Acquisition)}\n  {HistoryText.Describe(history, write)}",
                };
            }
        }
    }

    private static int CountBeliefOverlaps(IReadOnlyList<LockHold> holds)
    {
        var count = 0;
        foreach (var lockHolds in holds.GroupBy(h => h.Lock))
        {
            var active = new List<LockHold>();
            foreach (var hold in lockHolds.OrderBy(h => h.Acquired))
            {
                active.RemoveAll(a => a.Ended is { } end && end <= hold.Acquired);
                count += active.Count(a => a.Process != hold.Process);
                active.Add(hold);
            }
        }

        return count;
    }
}
