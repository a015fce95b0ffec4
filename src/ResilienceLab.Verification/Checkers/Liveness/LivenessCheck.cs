using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.LeaderSafety;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Liveness;

/// <summary>
/// What a demanding tester asks of a replica's session beyond safety: it lives while nothing is wrong, it dies when it must,
/// and the replica keeps working.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>lost-while-healthy</c>: a replica recorded lock.lost or leader.lost although no fault was on it (no chaos step hit
/// it, the store kept its quorum) for a whole TTL (+ slack) before: a live, unfaulted replica must not lose its session
/// (a keep-alive that comes too late, a renewal loop that gave up). Added latency below a third of the TTL (latency +
/// jitter, from the chaos event) is not a fault: keep-alives sent every third of the TTL still renew the lease. Nor is a
/// brief refusal (a store-fault that fails calls at once for less than a third of the TTL): it fails one keep-alive at most,
/// and the next renews the lease (a renewal loop that stops after one error does not).</item>
/// <item><c>held-while-cut-off</c>: a replica partitioned from the store for longer than its TTL still believed it held a
/// lock (or led) more than TTL + slack after the cut began: it must declare the loss itself, by its own clock, before a
/// successor may be given the lock — waiting for the server to say "lease not found" is too late.</item>
/// <item><c>stopped-working</c>: a replica that takes part in locking or the election went longer than the bound while alive,
/// ready and unfaulted (and not recovering from a fault, one TTL + slack) without holding or waiting: every attempt failed
/// with an error (a lost session handed out again), or it stopped trying. Locks count only until every task seen is complete.</item>
/// <item><c>late-takeover</c>: a holder's key was freed at the store (released, declared lost, or a TTL after the holder was
/// killed, or paused or cut off for longer than a TTL + slack), a replica was queued for the lock (or campaigning) then and
/// stayed alive and unfaulted, and still nobody else held it a third of the TTL + slack later (the lessor's tick and the
/// waiter's wake-up): a waiter that never learns its predecessor went, or never retries, leaves the work undone.</item>
/// </list>
/// Judged only on histories with the chaos controller's record (<c>chaos.start</c> and the steps' events): without it a
/// healthy replica cannot be told from a faulted one. The TTL comes from the replicas' <c>process.start</c> event (<c>details.ttl</c>) when they record it, else the options.
/// </remarks>
public sealed class LivenessCheck(LivenessOptions? options = null) : ICheck
{
    private readonly LivenessOptions _options = options ?? new LivenessOptions();
    private Dictionary<string, TimeSpan> _ttls = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => LivenessConstants.Name;

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var holds = LockHoldReconstruction.Reconstruct(history);
        var terms = LeaderTermReconstruction.Reconstruct(history);
        if (holds.Count == 0 && terms.Count == 0 && !history.Operations.Any(o => o.Op is HistoryOps.LockAcquire or HistoryOps.LeaderCampaign))
        {
            return CheckResult.Pass(Name, "no locks or elections in the history");
        }

        // A keep-alive every third of the TTL still renews the lease while the round trip stays under a third of it.
        if (!history.Events.Any(e => e.Op == LivenessConstants.ChaosStart))
        {
            // Without the chaos controller's record a healthy replica cannot be told from a faulted one.
            return CheckResult.Pass(Name, "no chaos record (chaos.start) in the history: faults unknown, liveness not judged");
        }

        var windows = new ReplicaWindows(history, _options.Ttl / 3);
        _ttls = history.Events.Where(e => e.Op == HistoryOps.ProcessStart && e.Details is not null && e.Details.ContainsKey("ttl"))
            .GroupBy(e => e.Process, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => TimeSpan.TryParse(g.First().Details!["ttl"], System.Globalization.CultureInfo.InvariantCulture, out var ttl) ? ttl : _options.Ttl, StringComparer.Ordinal);
        var violations = new List<Violation>();
        violations.AddRange(LostWhileHealthy(history, windows));
        violations.AddRange(HeldWhileCutOff(history, windows, holds, terms));
        violations.AddRange(StoppedWorking(history, windows, holds, terms));
        violations.AddRange(LateTakeovers(history, windows, holds, terms));
        var facts = $"{holds.Count} lock hold(s), {terms.Count} term(s); TTL {HistoryText.Seconds(_options.Ttl)}, idle bound {HistoryText.Seconds(_options.IdleBound)}";
        return violations.Count == 0
            ? CheckResult.Pass(Name, facts)
            : CheckResult.Fail(Name, $"{violations.Count} violation(s): {string.Join(", ", violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} {g.Key}"))}; {facts}", violations, HistoryText.Origin(history));
    }

    private IEnumerable<Violation> LostWhileHealthy(OperationHistory history, ReplicaWindows windows)
    {
        foreach (var lost in history.Events.Where(e => e.Op is HistoryOps.LockLost or HistoryOps.LeaderLost))
        {
            var from = lost.Time - Ttl(history, lost.Process) - _options.Slack;
            if (windows.FaultedDuring(lost.Process, from, lost.Time))
            {
                continue;
            }

            yield return new Violation
            {
                Check = Name,
                Kind = LivenessConstants.LostWhileHealthy,
                Key = lost.Key,
                Processes = [lost.Process],
                Tokens = lost.Token is { } t ? [t] : [],
                Start = from,
                End = lost.Time,
                Message = $"{lost.Process} recorded {lost.Op} of {lost.Key} (token {lost.Token}) at {HistoryText.At(history, lost.Time)} ({lost.Error ?? "no reason given"}), "
                    + $"though nothing was done to it or to the store since {HistoryText.At(history, from)} (one TTL + slack before): a healthy replica must keep its session.",
            };
        }
    }

    private IEnumerable<Violation> HeldWhileCutOff(OperationHistory history, ReplicaWindows windows, IReadOnlyList<LockHold> holds, IReadOnlyList<LeaderTerm> terms)
    {
        var beliefs = holds.Select(h => (h.Process, Key: h.Lock, h.Token, Since: h.Acquired, h.Ended, What: "held the lock"))
            .Concat(terms.Select(t => (t.Process, Key: t.Election, Token: t.Term, Since: t.Elected, t.Ended, What: "led")))
            .GroupBy(b => b.Process, StringComparer.Ordinal);
        foreach (var process in beliefs)
        {
            var ttl = Ttl(history, process.Key);
            foreach (var (start, end) in windows.Partitions(history, process.Key))
            {
                var deadline = start + ttl + _options.Slack;
                if (end <= deadline)
                {
                    continue;
                }

                foreach (var belief in process.Where(b => b.Since <= start && (b.Ended ?? DateTimeOffset.MaxValue) > deadline))
                {
                    var until = belief.Ended is { } ended ? $"until {HistoryText.At(history, ended)}" : "until the end of the history";
                    yield return new Violation
                    {
                        Check = Name,
                        Kind = LivenessConstants.HeldWhileCutOff,
                        Key = belief.Key,
                        Processes = [process.Key],
                        Tokens = [belief.Token],
                        Start = start,
                        End = belief.Ended ?? history.End,
                        Message = $"{process.Key} was cut off from the store at {HistoryText.At(history, start)} (healed at {HistoryText.At(history, end)}) and still {belief.What} {belief.Key} (token {belief.Token}) {until}: "
                            + $"no keep-alive can have succeeded, so it must declare the loss within its TTL ({HistoryText.Seconds(ttl)}) + slack, by {HistoryText.At(history, deadline)}.",
                    };
                }
            }
        }
    }

    private IEnumerable<Violation> StoppedWorking(OperationHistory history, ReplicaWindows windows, IReadOnlyList<LockHold> holds, IReadOnlyList<LeaderTerm> terms)
    {
        var tasksDone = TasksDone(history);
        foreach (var (role, attemptOp, until) in new[] { ("locking", HistoryOps.LockAcquire, tasksDone), ("the election", HistoryOps.LeaderCampaign, history.End) })
        {
            var attempts = history.Operations.Where(o => o.Op == attemptOp).ToLookup(o => o.Process, StringComparer.Ordinal);
            foreach (var process in attempts.Select(g => g.Key))
            {
                var busy = attempts[process].Where(o => Waited(o, _options.Slack)).Select(o => (o.InvokeTime, End: o.CompleteTime ?? history.End))
                    .Concat(attemptOp == HistoryOps.LockAcquire
                        ? holds.Where(h => h.Process == process).Select(h => (InvokeTime: h.Acquired, End: h.Ended ?? history.End))
                        : terms.Where(t => t.Process == process).Select(t => (InvokeTime: t.Elected, End: t.Ended ?? history.End)))
                    .Concat(windows.Disturbances(process, Ttl(history, process) + _options.Slack));
                foreach (var (aliveFrom, aliveTo) in windows.Alive(process))
                {
                    var to = aliveTo < until ? aliveTo : until;
                    if (Gap(busy, aliveFrom, to) is { } gap)
                    {
                        yield return new Violation
                        {
                            Check = Name,
                            Kind = LivenessConstants.StoppedWorking,
                            Processes = [process],
                            Start = gap.Start,
                            End = gap.End,
                            Message = $"{process} was alive, ready and unfaulted from {HistoryText.At(history, gap.Start)} to {HistoryText.At(history, gap.End)} ({HistoryText.Seconds(gap.End - gap.Start)}, bound {HistoryText.Seconds(_options.IdleBound)}) "
                                + $"and took no part in {role}: it neither held nor waited (every attempt failed with an error, or none was made).",
                        };
                        break;
                    }
                }
            }
        }
    }

    private IEnumerable<Violation> LateTakeovers(OperationHistory history, ReplicaWindows windows, IReadOnlyList<LockHold> holds, IReadOnlyList<LeaderTerm> terms)
    {
        // The release (or resignation) that ended a hold, if one did: the last one its holder made with its token.
        var endings = history.Operations.Where(o => o.Op is HistoryOps.LockRelease or HistoryOps.LeaderResign && o.Invoke.Token is not null)
            .GroupBy(o => (o.Op, o.Process, o.Invoke.Token!.Value)).ToDictionary(g => g.Key, g => g.Last());
        var beliefs = holds.Select(h => (h.Process, Key: h.Lock, h.Token, Since: h.Acquired, h.Ended, h.EndReason, Ending: endings.GetValueOrDefault((HistoryOps.LockRelease, h.Process, h.Token)), Op: HistoryOps.LockAcquire, What: "the lock"))
            .Concat(terms.Select(t => (t.Process, Key: t.Election, Token: t.Term, Since: t.Elected, t.Ended, t.EndReason, Ending: endings.GetValueOrDefault((HistoryOps.LeaderResign, t.Process, t.Term)), Op: HistoryOps.LeaderCampaign, What: "leadership")))
            .ToList();
        var attempts = history.Operations.Where(o => o.Op is HistoryOps.LockAcquire or HistoryOps.LeaderCampaign && o.Key is not null)
            .ToLookup(o => (o.Op, o.Key!));
        foreach (var belief in beliefs)
        {
            var ttl = Ttl(history, belief.Process);
            if (Freed(windows, belief.Process, belief.Since, belief.Ended, belief.EndReason, belief.Ending, ttl) is not { } freed)
            {
                continue;
            }

            // From the moment the store must have freed the key (plus its lessor's tick), a waiter is woken by its watch.
            var deadline = freed + ttl / 3 + _options.Slack;
            if (deadline > history.End)
            {
                continue;
            }

            var waiters = attempts[(belief.Op, belief.Key)].Where(o => o.Process != belief.Process && o.InvokeTime <= freed && (o.CompleteTime ?? DateTimeOffset.MaxValue) > freed).ToList();
            var stuck = waiters.Where(o => (o.CompleteTime ?? DateTimeOffset.MaxValue) > deadline).ToList();

            // Every waiter queued then must have been alive and undisturbed: one paused or cut off at the head of the
            // queue keeps the others waiting, as it should.
            if (stuck.Count == 0 || waiters.Any(o => !windows.Steady(o.Process, freed, deadline, ttl + _options.Slack)))
            {
                continue;
            }

            var successor = beliefs.Any(b => b.Key == belief.Key && b.Op == belief.Op && b.Process != belief.Process && b.Since > belief.Since && b.Since <= deadline);
            if (successor)
            {
                continue;
            }

            yield return new Violation
            {
                Check = Name,
                Kind = LivenessConstants.LateTakeover,
                Key = belief.Key,
                Processes = [belief.Process, .. stuck.Select(o => o.Process).Distinct()],
                Tokens = [belief.Token],
                Operations = stuck,
                Start = freed,
                End = deadline,
                Message = $"{belief.Process}'s hold of {belief.What} {belief.Key} (token {belief.Token}) was gone from the store by {HistoryText.At(history, freed)}, "
                    + $"but {string.Join(", ", stuck.Select(o => o.Process).Distinct())}, queued for it since before then and alive and unfaulted, still waited at {HistoryText.At(history, deadline)} "
                    + $"(bound: a third of the TTL ({HistoryText.Seconds(ttl)}) + slack after the key was freed) and nobody else took it: a waiter must take over when the holder goes.\n  {HistoryText.Describe(history, stuck[0])}",
            };
        }
    }

    /// <summary>
    /// When the store must have freed a holder's key: at its release (completed ok), at its recorded loss (its session
    /// gave up renewing, or the key went), or a TTL after it was killed, or paused or cut off for longer than a TTL + slack
    /// while it held (its last keep-alive was sent before). Null when nothing says it was freed.
    /// </summary>
    private DateTimeOffset? Freed(ReplicaWindows windows, string process, DateTimeOffset since, DateTimeOffset? ended, HoldEndReason reason, Operation? ending, TimeSpan ttl)
    {
        DateTimeOffset? freed = reason switch
        {
            HoldEndReason.Released when ending is { IsOk: true, CompleteTime: { } at } => at,
            HoldEndReason.Lost => ended,
            _ => null,
        };
        var outage = windows.Outages(process).Where(o => o.Start >= since && (ended is null || o.Start <= ended) && (o.Killed || o.End - o.Start >= ttl + _options.Slack))
            .Select(o => (DateTimeOffset?)(o.Start + ttl)).Min();
        return outage is { } o && (freed is null || o < freed) ? o : freed;
    }

    /// <summary>The first stretch in [from, to] longer than the bound that no busy interval covers.</summary>
    private (DateTimeOffset Start, DateTimeOffset End)? Gap(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> busy, DateTimeOffset from, DateTimeOffset to)
    {
        var cursor = from;
        foreach (var (start, end) in busy.Where(b => b.End >= from && b.Start <= to).OrderBy(b => b.Start))
        {
            if (start - cursor > _options.IdleBound)
            {
                return (cursor, start);
            }

            if (end > cursor)
            {
                cursor = end;
            }
        }

        return to - cursor > _options.IdleBound ? (cursor, to) : null;
    }

    /// <summary>
    /// An attempt that held its place in the queue: won, busy, gave up waiting, still open, or failed only after waiting
    /// longer than <paramref name="slack"/> (a session lost while queued). An attempt that failed at once with an error did no work.
    /// </summary>
    private static bool Waited(Operation attempt, TimeSpan slack) =>
        attempt.IsOk || attempt.IsOpen || LivenessConstants.WaitingErrors.Any(w => attempt.Error?.StartsWith(w, StringComparison.Ordinal) == true)
        || attempt.CompleteTime - attempt.InvokeTime > slack;

    /// <summary>When every task seen in the history had completed (then nobody needs a task lock), else the end.</summary>
    private static DateTimeOffset TasksDone(OperationHistory history)
    {
        // Loops and maps rather than grouping queries: this runs once per seed over every operation.
        var tasks = new HashSet<string>(StringComparer.Ordinal);

        // A task whose last commit had an unknown outcome is only reported complete by the observer at the end: it was done
        // when that commit (of the final step) completed, and from then on nobody needed its lock.
        var lastCommits = new Dictionary<(string Key, string? Step), DateTimeOffset>();
        var operations = history.Operations;
        for (var i = 0; i < operations.Count; i++)
        {
            var o = operations[i];
            if (o.Op != HistoryOps.TaskCommit || o.Key is not { } key)
            {
                continue;
            }

            tasks.Add(key);
            if (o.Outcome != OperationOutcome.Fail)
            {
                var at = o.CompleteTime ?? o.InvokeTime;
                if (!lastCommits.TryGetValue((key, o.Invoke.Value), out var earliest) || at < earliest)
                {
                    lastCommits[(key, o.Invoke.Value)] = at;
                }
            }
        }

        var completions = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var events = history.Events;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Op != HistoryOps.TaskComplete || e.Key is not { } key)
            {
                continue;
            }

            var done = lastCommits.TryGetValue((key, e.Value), out var committed) && committed < e.Time ? committed : e.Time;
            if (!completions.TryGetValue(key, out var earliest) || done < earliest)
            {
                completions[key] = done;
            }
        }

        if (tasks.Count == 0)
        {
            return history.End;
        }

        var last = DateTimeOffset.MinValue;
        foreach (var task in tasks)
        {
            if (!completions.TryGetValue(task, out var done))
            {
                return history.End;
            }

            last = done > last ? done : last;
        }

        return last;
    }

    private TimeSpan Ttl(OperationHistory history, string process) => _ttls.TryGetValue(process, out var ttl) ? ttl : _options.Ttl;
}
