using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Formatting;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>
/// Drives a <c>TaskLifecycle</c> state machine per task through the history and reports tasks never
/// resumed or resumed too late after their holder went away, committed steps lost or committed twice,
/// and writes accepted from stale holders.
/// </summary>
/// <remarks>
/// A task's holder goes away when it releases the lock before the task completed, records lock.lost,
/// is killed (chaos.kill) or restarted, or hangs (an operation that never completed, after which it
/// recorded nothing). A new holder must acquire the lock within TTL + slack of that moment. A task
/// still orphaned at the end is reported only if the history went on for longer than that bound.
/// An acquisition of unknown outcome counts as a possible holder: a lock.acquire that never completed because its
/// process died in it may have queued its key at the head (its reply lost), and that key held the lock until its
/// lease ran out after the death; when such a process died while the task was orphaned, the bound runs from its death.
/// Steps are integers in task.commit (value = step committed, expected = previous step); order between
/// commits is by revision when every commit carries one, else by real time with the clock-skew allowance.
/// </remarks>
public sealed class TaskResumptionCheck(TaskResumptionOptions? options = null) : ICheck
{
    private readonly TaskResumptionOptions _options = options ?? new TaskResumptionOptions();

    /// <inheritdoc />
    public string Name => TaskResumptionConstants.Name;

    /// <summary>The per-task state machine as a Graphviz DOT graph, for docs.</summary>
    public static string ToDotGraph() => new TaskLifecycle("/tasks/<id>").ToDotGraph();

    /// <inheritdoc />
    public CheckResult Run(OperationHistory history)
    {
        var (tasks, holdsOfTask, commits, completions, lockToTask) = Gather(history);
        if (tasks.Count == 0)
        {
            return CheckResult.Pass(Name, "no tasks in the history");
        }

        var pendingOfTask = ByTask(PossibleHolders(history), p => p.Lock, lockToTask);

        var violations = new List<Violation>();
        var resumed = 0;
        var completed = 0;
        var waitedOut = 0;
        var unjudged = new List<string>();
        foreach (var task in tasks)
        {
            var taskCommits = commits.Where(c => c.Key == task).ToList();
            var lifecycle = Replay(task, holdsOfTask.GetValueOrDefault(task, []), taskCommits, completions.Where(c => c.Key == task));
            var pending = pendingOfTask.GetValueOrDefault(task, []);
            resumed += lifecycle.Resumptions.Count;
            completed += lifecycle.IsCompleted ? 1 : 0;
            foreach (var resumption in lifecycle.Resumptions)
            {
                var possible = LastPossibleHolder(pending, resumption.Orphaning.At, resumption.NewHolder.Since);
                var since = possible?.Died ?? resumption.Orphaning.At;
                if (resumption.NewHolder.Since - since > _options.ResumeBound)
                {
                    violations.Add(ResumedLate(history, task, resumption, possible));
                }
                else if (possible is not null && resumption.Latency > _options.ResumeBound)
                {
                    waitedOut++;
                }
            }

            if (lifecycle.IsOrphaned && lifecycle.Orphaning is { } orphaning)
            {
                var possible = LastPossibleHolder(pending, orphaning.At, history.End);
                if (history.End - (possible?.Died ?? orphaning.At) > _options.ResumeBound)
                {
                    violations.Add(NeverResumed(history, task, orphaning, possible));
                }
                else
                {
                    unjudged.Add(task);
                }
            }

            violations.AddRange(DuplicateSteps(history, task, taskCommits));
            violations.AddRange(LostSteps(history, task, taskCommits));
            violations.AddRange(StaleWrites(history, task, taskCommits));
        }

        var facts = $"{tasks.Count} task(s), {completed} completed, {commits.Count} step commit(s), {resumed} resumption(s) (bound {HistoryText.Seconds(_options.ResumeBound)} = TTL {HistoryText.Seconds(_options.LockTtl)} + slack {HistoryText.Seconds(_options.ResumeSlack)})"
            + (waitedOut > 0 ? $"; {waitedOut} within the bound of a possible holder's death (an acquisition of unknown outcome)" : string.Empty)
            + (unjudged.Count > 0 ? $"; {unjudged.Count} orphaned too close to the end to judge ({string.Join(", ", unjudged)})" : string.Empty);
        return violations.Count == 0
            ? CheckResult.Pass(Name, facts)
            : CheckResult.Fail(Name, $"{violations.Count} violation(s): {string.Join(", ", violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} {g.Key}"))}; {facts}", violations, HistoryText.Origin(history));
    }

    /// <summary>Every resumption of an orphaned task (the holder went away → the next holder), in task order.</summary>
    public IReadOnlyList<TaskResumptionRecord> FindResumptions(OperationHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var (tasks, holdsOfTask, commits, completions, _) = Gather(history);
        return [.. tasks.SelectMany(task => Replay(task, holdsOfTask.GetValueOrDefault(task, []), [.. commits.Where(c => c.Key == task)], completions.Where(c => c.Key == task)).Resumptions)];
    }

    private (List<string> Tasks, Dictionary<string, List<LockHold>> HoldsOfTask, List<Operation> Commits, List<HistoryEntry> Completions, Dictionary<string, string> LockToTask) Gather(OperationHistory history)
    {
        var holds = LockHoldReconstruction.Reconstruct(history);
        var commits = history.Operations.Where(o => o.Op == HistoryOps.TaskCommit && o.IsOk && o.Key is not null).ToList();
        var completions = history.Events.Where(e => e.Op == HistoryOps.TaskComplete && e.Key is not null).ToList();
        var lockToTask = LockToTask(holds, commits);
        var holdsOfTask = ByTask(holds, h => h.Lock, lockToTask);
        var tasks = commits.Select(c => c.Key!).Concat(completions.Select(c => c.Key!)).Concat(holdsOfTask.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        return (tasks, holdsOfTask, commits, completions, lockToTask);
    }

    /// <summary>The lock of a task, learnt from commits whose (process, token) is a recorded acquisition.</summary>
    private static Dictionary<string, string> LockToTask(IReadOnlyList<LockHold> holds, List<Operation> commits)
    {
        var lockToTask = new Dictionary<string, string>(StringComparer.Ordinal);
        var byProcessToken = holds.GroupBy(h => (h.Process, h.Token)).ToDictionary(g => g.Key, g => g.First().Lock);
        foreach (var commit in commits.Where(c => c.Token is not null))
        {
            if (byProcessToken.TryGetValue((commit.Process, commit.Token!.Value), out var lockKey))
            {
                lockToTask.TryAdd(lockKey, commit.Key!);
            }
        }

        return lockToTask;
    }

    /// <summary>Groups what concerns a lock by the lock's task: learnt from the commits, else by naming convention; other locks are left out.</summary>
    private Dictionary<string, List<T>> ByTask<T>(IEnumerable<T> items, Func<T, string> lockOf, Dictionary<string, string> lockToTask)
    {
        var result = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var lockKey = lockOf(item);
            if (!lockToTask.TryGetValue(lockKey, out var task))
            {
                if (!lockKey.StartsWith(_options.LockKeyPrefix + _options.TaskKeyPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                task = lockKey[_options.LockKeyPrefix.Length..];
            }

            if (!result.TryGetValue(task, out var list))
            {
                result[task] = list = [];
            }

            list.Add(item);
        }

        return result;
    }

    /// <summary>
    /// Acquisitions of unknown outcome: a lock.acquire that never completed because its process died in it. The store
    /// may have queued its key at the head (a lost reply, retried until the process died), and then the lock was held,
    /// unknown to its holder, until that key's lease ran out: up to a TTL after the death, as for a killed holder.
    /// </summary>
    private static IEnumerable<PossibleHolder> PossibleHolders(OperationHistory history)
    {
        foreach (var op in history.Operations)
        {
            if (op.Op == HistoryOps.LockAcquire && op.IsOpen && op.Key is not null && history.FirstDeathAfter(op.Process, op.InvokeTime) is { } death)
            {
                yield return new PossibleHolder(op.Key, op.Process, op.InvokeTime, death.Time);
            }
        }
    }

    /// <summary>
    /// Of the possible holders that asked for the lock before <paramref name="until"/> and died between
    /// <paramref name="orphaned"/> and then, the one that died last (the task's wait is counted from its death), or null.
    /// </summary>
    private static PossibleHolder? LastPossibleHolder(List<PossibleHolder> pending, DateTimeOffset orphaned, DateTimeOffset until)
    {
        PossibleHolder? last = null;
        foreach (var p in pending)
        {
            if (p.Invoked < until && p.Died > orphaned && p.Died < until && (last is null || p.Died > last.Value.Died))
            {
                last = p;
            }
        }

        return last;
    }

    /// <summary>A lock.acquire of unknown outcome (see <see cref="PossibleHolders"/>).</summary>
    private readonly record struct PossibleHolder(string Lock, string Process, DateTimeOffset Invoked, DateTimeOffset Died);

    private static TaskLifecycle Replay(string task, List<LockHold> holds, List<Operation> commits, IEnumerable<HistoryEntry> completions)
    {
        // At equal times: commits, then completion, then a holder leaving, then a holder arriving (StepKind's order), then
        // in the order gathered. Steps are values, not closures: this runs for every task of every seed.
        var steps = new List<Step>((holds.Count * 2) + commits.Count + 1);
        foreach (var hold in holds)
        {
            var holder = new TaskHolder(hold.Process, hold.Token, hold.Acquired);
            steps.Add(new Step(hold.Acquired, StepKind.Arrive, steps.Count, holder));
            if (hold.Ended is { } ended && hold.EndReason is not (HoldEndReason.HistoryEnded or HoldEndReason.Reacquired))
            {
                steps.Add(new Step(ended, StepKind.Leave, steps.Count, holder, Orphaning: new TaskOrphaning(holder, ended, Describe(hold.EndReason))));
            }
        }

        foreach (var commit in commits)
        {
            var committer = new TaskHolder(commit.Process, commit.Token ?? long.MinValue, commit.InvokeTime);
            steps.Add(new Step(commit.CompleteTime!.Value, StepKind.Commit, steps.Count, committer, Number: long.Parse(commit.Value!, CultureInfo.InvariantCulture)));
        }

        foreach (var completion in completions)
        {
            steps.Add(new Step(completion.Time, StepKind.Complete, steps.Count));
        }

        steps.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Kind != b.Kind ? a.Kind.CompareTo(b.Kind) : a.Sequence.CompareTo(b.Sequence));
        var lifecycle = new TaskLifecycle(task);
        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case StepKind.Commit:
                    lifecycle.Commit(step.Number, step.Holder!);
                    break;
                case StepKind.Complete:
                    lifecycle.Complete(step.At);
                    break;
                case StepKind.Leave:
                    lifecycle.Expire(step.Orphaning!);
                    break;
                default:
                    lifecycle.Claim(step.Holder!);
                    break;
            }
        }

        return lifecycle;
    }

    /// <summary>One thing the history shows about a task, replayed in time order.</summary>
    private readonly record struct Step(DateTimeOffset At, StepKind Kind, int Sequence, TaskHolder? Holder = null, TaskOrphaning? Orphaning = null, long Number = 0);

    /// <summary>What a step is; at equal times, in this order.</summary>
    private enum StepKind
    {
        Commit,
        Complete,
        Leave,
        Arrive,
    }

    private Violation ResumedLate(OperationHistory history, string task, TaskResumptionRecord r, PossibleHolder? possible) => new()
    {
        Check = Name,
        Kind = TaskResumptionConstants.ResumedLate,
        Key = task,
        Processes = [r.Orphaning.Holder.Process, r.NewHolder.Process],
        Tokens = [r.Orphaning.Holder.Token, r.NewHolder.Token],
        Start = r.Orphaning.At,
        End = r.NewHolder.Since,
        Message = $"task {task}: orphaned at {HistoryText.At(history, r.Orphaning.At)} when {r.Orphaning.Holder.Process} (token {r.Orphaning.Holder.Token}) {r.Orphaning.Reason}; {r.NewHolder.Process} resumed it (token {r.NewHolder.Token}) only at {HistoryText.At(history, r.NewHolder.Since)}, {HistoryText.Seconds(r.Latency)} later"
            + (possible is { } p ? $" ({HistoryText.Seconds(r.NewHolder.Since - p.Died)} after {PossiblyHeld(history, p)})" : string.Empty)
            + $", beyond the bound of {HistoryText.Seconds(_options.ResumeBound)} (TTL + slack).",
    };

    private Violation NeverResumed(OperationHistory history, string task, TaskOrphaning orphaning, PossibleHolder? possible) => new()
    {
        Check = Name,
        Kind = TaskResumptionConstants.NeverResumed,
        Key = task,
        Processes = [orphaning.Holder.Process],
        Tokens = [orphaning.Holder.Token],
        Start = orphaning.At,
        End = history.End,
        Message = $"task {task}: orphaned at {HistoryText.At(history, orphaning.At)} when {orphaning.Holder.Process} (token {orphaning.Holder.Token}) {orphaning.Reason}, and no process resumed it before the history ended at {HistoryText.At(history, history.End)}, {HistoryText.Seconds(history.End - orphaning.At)} later"
            + (possible is { } p ? $" ({HistoryText.Seconds(history.End - p.Died)} after {PossiblyHeld(history, p)})" : string.Empty)
            + $" (bound {HistoryText.Seconds(_options.ResumeBound)}).",
    };

    private static string PossiblyHeld(OperationHistory history, PossibleHolder p) =>
        $"{p.Process}, whose acquisition of {p.Lock} from {HistoryText.At(history, p.Invoked)} may have held it, died at {HistoryText.At(history, p.Died)}";

    private IEnumerable<Violation> DuplicateSteps(OperationHistory history, string task, List<Operation> commits)
    {
        foreach (var same in commits.GroupBy(c => long.Parse(c.Value!, CultureInfo.InvariantCulture)).Where(g => g.Count() > 1))
        {
            var pair = same.OrderBy(c => c.CompleteTicks).Take(2).ToList();
            yield return new Violation
            {
                Check = Name,
                Kind = TaskResumptionConstants.DuplicateStep,
                Key = task,
                Processes = [.. pair.Select(c => c.Process).Distinct()],
                Tokens = [.. pair.Select(c => c.Token ?? 0)],
                Operations = pair,
                Start = pair[0].InvokeTime,
                End = pair[1].CompleteTime!.Value,
                Message = $"task {task}: step {same.Key} was committed {same.Count()} times, first by {pair[0].Process} (token {pair[0].Token}) at {HistoryText.At(history, pair[0].CompleteTime!.Value)}, again by {pair[1].Process} (token {pair[1].Token}) at {HistoryText.At(history, pair[1].CompleteTime!.Value)}.\n  {HistoryText.Describe(history, pair[0])}\n  {HistoryText.Describe(history, pair[1])}",
            };
        }
    }

    private IEnumerable<Violation> LostSteps(OperationHistory history, string task, List<Operation> commits)
    {
        // For each commit, the highest step committed certainly before it; a lower step, or a lower
        // expected (previous) step, means the store's checkpoint went backwards.
        static long Step(Operation c) => long.Parse(c.Value!, CultureInfo.InvariantCulture);
        static long? Expected(Operation c) => c.Expected is { } e ? long.Parse(e, CultureInfo.InvariantCulture) : null;
        foreach (var (later, earlier) in CertainlyAfterHighest(commits, Step))
        {
            var step = Step(later);
            var expected = Expected(later);
            var highest = Step(earlier);
            if (step < highest || (expected is { } e && e < highest && step != highest))
            {
                yield return new Violation
                {
                    Check = Name,
                    Kind = TaskResumptionConstants.LostStep,
                    Key = task,
                    Processes = [.. new[] { later.Process, earlier.Process }.Distinct()],
                    Tokens = [.. new[] { later.Token ?? 0, earlier.Token ?? 0 }.Distinct()],
                    Operations = [earlier, later],
                    Start = earlier.InvokeTime,
                    End = later.CompleteTime!.Value,
                    Message = $"task {task}: step {highest} was committed by {earlier.Process} (token {earlier.Token}) at {HistoryText.At(history, earlier.CompleteTime!.Value)}, then {later.Process} (token {later.Token}) committed step {step}{(expected is { } x ? $" expecting step {x}" : string.Empty)} at {HistoryText.At(history, later.CompleteTime!.Value)}: committed progress went backwards.\n  {HistoryText.Describe(history, earlier)}\n  {HistoryText.Describe(history, later)}",
                };
            }
        }
    }

    private IEnumerable<Violation> StaleWrites(OperationHistory history, string task, List<Operation> commits) =>
        Ordering.TokenInversions([.. commits.Where(c => c.Token is not null)], _options.ClockSkew).Select(pair => new Violation
        {
            Check = Name,
            Kind = TaskResumptionConstants.StaleWrite,
            Key = task,
            Processes = [.. new[] { pair.Later.Process, pair.Earlier.Process }.Distinct()],
            Tokens = [pair.Later.Token!.Value, pair.Earlier.Token!.Value],
            Operations = [pair.Earlier, pair.Later],
            Start = pair.Earlier.InvokeTime,
            End = pair.Later.CompleteTime!.Value,
            Message = $"task {task}: {pair.Later.Process}'s commit with token {pair.Later.Token} was accepted at {HistoryText.At(history, pair.Later.CompleteTime!.Value)} after {pair.Earlier.Process}'s commit with the higher token {pair.Earlier.Token} at {HistoryText.At(history, pair.Earlier.CompleteTime!.Value)}: a write from a stale holder.\n  {HistoryText.Describe(history, pair.Earlier)}\n  {HistoryText.Describe(history, pair.Later)}",
        });

    // Pairs (commit, the commit with the highest step among those certainly before it).
    private IEnumerable<(Operation Later, Operation Earlier)> CertainlyAfterHighest(List<Operation> commits, Func<Operation, long> step)
    {
        if (Ordering.AllHaveRevisions(commits))
        {
            Operation? best = null;
            foreach (var commit in commits.OrderBy(c => c.Revision!.Value))
            {
                if (best is not null)
                {
                    yield return (commit, best);
                }

                if (best is null || step(commit) > step(best))
                {
                    best = commit;
                }
            }

            yield break;
        }

        var byCompletion = commits.OrderBy(c => c.CompleteTicks).ToList();
        var next = 0;
        Operation? highest = null;
        foreach (var commit in commits.OrderBy(c => c.InvokeTicks))
        {
            while (next < byCompletion.Count && byCompletion[next].CompleteTime!.Value + _options.ClockSkew < commit.InvokeTime)
            {
                if (highest is null || step(byCompletion[next]) > step(highest))
                {
                    highest = byCompletion[next];
                }

                next++;
            }

            if (highest is not null)
            {
                yield return (commit, highest);
            }
        }
    }

    private static string Describe(HoldEndReason reason) => reason switch
    {
        HoldEndReason.Released => "released the lock before the task completed",
        HoldEndReason.Lost => "lost the lock (lock.lost)",
        HoldEndReason.ProcessDied => "died (killed or restarted)",
        HoldEndReason.Unresponsive => "stopped responding (an operation never completed)",
        _ => reason.ToString(),
    };
}
