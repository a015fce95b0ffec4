using ResilienceLab.Chaos.Actions;
using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Local;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Probes;
using ResilienceLab.Chaos.Selection;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Controller;

/// <summary>
/// Runs a plan against a target: start, wait until ready, start probes, fire the schedule (selectors resolved
/// from the store at the moment a step fires, roles verified), watch continuous probes and abort when the steady
/// state is lost beyond tolerance, then heal, stop the replicas gracefully, read the final state and collect the
/// histories. Whatever happens — a failing step, an abort, cancellation — every fault is undone before it returns.
/// Time comes from the target, so in a simulation the whole run happens in virtual time.
/// </summary>
public sealed partial class ChaosController(IChaosTarget target, ChaosPlan plan, ChaosRunOptions options)
{
    // How often a step whose replica gave its role up just before an undoable hit is aimed (the first time included).
    private const int MaxAims = 3;

    private readonly MemoryHistorySink _chaosSink = new();
    private readonly List<StepOutcome> _steps = [];
    private readonly List<ProbeOutcome> _probes = [];
    private readonly List<(string Target, string Step, ActionEffect Effect)> _undo = [];
    private readonly DeterministicRandom _random = new DeterministicRandom(options.Seed).Fork("chaos");
    private readonly CancellationTokenSource _abort = new();
    private HistoryRecorder? _recorder;
    private string? _abortReason;
    private bool _cancelled;
    private long _startedAt;

    private TimeProvider Time => target.Time;

    private HistoryRecorder Recorder => _recorder ??= new HistoryRecorder(_chaosSink, Time, "chaos");

    private TimeSpan Elapsed => Time.GetElapsedTime(_startedAt);

    public async Task<ChaosRunResult> RunAsync(CancellationToken cancellationToken)
    {
        _startedAt = Time.GetTimestamp();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        var probes = new ProbeEvaluator(target, plan.Target.Replicas, plan.Workload.Tasks.Count, plan.Workload.Tasks.Steps);
        var continuous = new List<Task>();
        try
        {
            await target.StartAsync(run.Token);
            await WaitReadyAsync(run.Token);
            await RunProbesAsync(probes, ProbeMode.Start, run.Token);

            // Schedule times (at, every, until) and the run's duration count from here: after start-up and the start probes.
            _startedAt = Time.GetTimestamp();
            Recorder.Event(HistoryOps.ChaosPrefix + "start", details: new Dictionary<string, string> { ["plan"] = plan.Metadata.Name, ["seed"] = options.Seed.ToString() });
            continuous.AddRange(plan.Probes.Where(p => p.Mode == ProbeMode.Continuous).Select(p => ContinuousProbeAsync(p, probes, run.Token)));
            if (options.OnSnapshot is { } onSnapshot)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SnapshotInterval, TimeSpan.Zero);
                continuous.Add(SnapshotLoopAsync(onSnapshot, run.Token));
            }


            await RunScheduleAsync(probes, run.Token);
            await RunProbesAsync(probes, ProbeMode.End, run.Token);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Abort: the reason is already recorded.
        }
        catch (OperationCanceledException)
        {
            _abortReason ??= "the run was cancelled (Ctrl-C or a timeout)";
            _cancelled = true;
        }
        finally
        {
            _abort.Cancel();
            await Task.WhenAll(continuous);
            await HealAllAsync();
        }

        try
        {
            await target.StopAsync(CancellationToken.None);
        }
        catch (ReplicaStopException e)
        {
            Recorder.Event(HistoryOps.ChaosPrefix + "stop", error: e.Message);
            _abortReason ??= e.Message;
        }
        catch (StoreException e)
        {
            _abortReason ??= $"the final reads failed: {e.Message}";
        }

        // The histories are the evidence whatever the stop did: collected once, then the store's final values read beside them.
        var replicaEntries = await target.CollectHistoryAsync(CancellationToken.None);
        string? finalCounter = null;
        try
        {
            finalCounter = await FinalReadsAsync(replicaEntries);
        }
        catch (StoreException e)
        {
            _abortReason ??= $"the final reads failed: {e.Message}";
        }

        Recorder.Event(HistoryOps.ChaosPrefix + "end", error: _abortReason);
        var entries = InTimeOrder(replicaEntries, _chaosSink.Entries);
        return new ChaosRunResult(entries, _steps, _probes, _abortReason, Elapsed, finalCounter) { Cancelled = _cancelled };
    }

    /// <summary>
    /// The replicas' entries and the controller's in one time order, a replica's first at equal times (a stable sort of the
    /// two, one after the other). Each is already in time order as a rule (appended as virtual time goes on), so that is a
    /// merge into a list of the exact size; a skewed clock's entries out of order are sorted.
    /// </summary>
    private static List<HistoryEntry> InTimeOrder(IReadOnlyList<HistoryEntry> replicas, IReadOnlyList<HistoryEntry> chaos)
    {
        if (!MergedHistory.IsInTimeOrder(replicas) || !MergedHistory.IsInTimeOrder(chaos))
        {
            return [.. replicas.Concat(chaos).OrderBy(e => e.Time)];
        }

        var merged = new List<HistoryEntry>(replicas.Count + chaos.Count);
        int r = 0, c = 0;
        while (r < replicas.Count || c < chaos.Count)
        {
            merged.Add(c == chaos.Count || (r < replicas.Count && replicas[r].Time.UtcTicks <= chaos[c].Time.UtcTicks) ? replicas[r++] : chaos[c++]);
        }

        return merged;
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = Time.GetTimestamp();
        while (target.Replicas().Count(r => r.Ready) < plan.Target.Replicas)
        {
            if (Time.GetElapsedTime(deadline) > options.ReadyTimeout)
            {
                throw new InvalidOperationException($"only {target.Replicas().Count(r => r.Ready)} of {plan.Target.Replicas} replicas became ready within {options.ReadyTimeout}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), Time, cancellationToken);
        }
    }

    /// <summary>The schedule: every firing of every step, jittered with the seeded source, in time order.</summary>
    private List<(TimeSpan At, ChaosStep Step)> Firings()
    {
        var firings = new List<(TimeSpan At, ChaosStep Step, int Order)>();
        for (var i = 0; i < plan.Schedule.Count; i++)
        {
            var step = plan.Schedule[i];
            foreach (var at in step.FiringTimes(plan.Workload.Duration))
            {
                firings.Add((_random.Jitter(at, step.Jitter), step, i));
            }
        }

        return [.. firings.OrderBy(f => f.At).ThenBy(f => f.Order).Select(f => (f.At, f.Step))];
    }

    private async Task RunScheduleAsync(ProbeEvaluator probes, CancellationToken cancellationToken)
    {
        var pendingUndos = new List<Task>();
        foreach (var (at, step) in Firings())
        {
            var wait = at - Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, Time, cancellationToken);
            }

            var effects = await FireAsync(step, cancellationToken);
            if (step.Arguments.Duration is { } duration)
            {
                pendingUndos.AddRange(effects.Where(e => e.Undo is not null).Select(e => UndoAfterAsync(step, e, duration, cancellationToken)));
            }

            if (plan.Probes.Any(p => p.Mode == ProbeMode.OnChaos))
            {
                await RunProbesAsync(probes, ProbeMode.OnChaos, cancellationToken);
            }
        }

        var remaining = plan.Workload.Duration - Elapsed;
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, Time, cancellationToken);
        }

        await Task.WhenAll(pendingUndos);
    }

    private async Task<List<ActionEffect>> FireAsync(ChaosStep step, CancellationToken cancellationToken)
    {
        var registration = ChaosActions.Registration(step.Action);
        var name = PlanNames.Of(step.Action);
        var effects = new List<ActionEffect>();
        if (!TargetCapabilities.Has(target, step.Action))
        {
            Record(step, name, null, null, null, null, $"the {plan.Target.Kind} target cannot {name}");
            return effects;
        }

        IReadOnlyList<SelectedReplica?> selected;
        try
        {
            selected = registration.Arguments.TargetsReplicas
                ? [.. await ReplicaSelection.ResolveAsync(step.Arguments.Selector ?? registration.Arguments.DefaultSelector, target, _random, cancellationToken)]
                : new SelectedReplica?[] { null };
        }
        catch (Exception e) when (e is SelectionException or StoreException)
        {
            Record(step, name, null, step.Arguments.Selector?.Role.ToString(), null, null, e.Message);
            return effects;
        }

        foreach (var first in selected)
        {
            var replica = first;
            var misses = new List<string>();
            for (var aim = 1; ; aim++)
            {
                try
                {
                    var effect = await registration.Action.ApplyAsync(new ActionContext(target, _random), step, replica, cancellationToken);
                    effects.Add(effect);
                    lock (_undo)
                    {
                        if (effect.Undo is not null)
                        {
                            _undo.Add((effect.Target, step.Name, effect));
                        }
                    }

                    // Verify the role right after the hit: the key of a killed or paused holder outlives it until its lease
                    // expires, so the store still says whether the replica held the role when it was hit.
                    bool? verified = null;
                    string? evidence = replica?.Evidence;
                    if (replica is not null && step.Arguments.Selector is { Role: not ReplicaRole.Any } selector)
                    {
                        var (held, proof) = await ReplicaSelection.VerifyAsync(replica, selector, target.Coordination, cancellationToken);
                        verified = held;
                        evidence = $"{replica.Evidence}; after the hit: {proof}";
                        if (!held && effect.Undo is not null && selected.Count == 1 && aim < MaxAims)
                        {
                            // The replica gave the role up between its selection and the hit (a holder that finished its
                            // work a moment before): a fault that can be undone is undone at once and aimed again at whoever
                            // holds the role now, so the step does what the plan meant; a kill cannot be taken back.
                            await UndoAsync(step.Name, effect);
                            effects.Remove(effect);
                            misses.Add($"{replica.Name} gave the role up before the hit ({proof}), so it was undone and aimed again");
                            // A selector of one replica: ResolveAsync returns it, or throws SelectionException when nobody holds the role.
                            replica = (await ReplicaSelection.ResolveAsync(selector, target, _random, cancellationToken))[0];
                            continue;
                        }
                    }

                    Record(step, name, effect.Target, replica?.Role, verified, misses.Count == 0 ? evidence : $"{evidence}; {string.Join("; ", misses)}", null);
                }
                catch (Exception e) when (e is SelectionException or StoreException or InvalidOperationException or NotSupportedException)
                {
                    Record(step, name, replica?.Name, replica?.Role, null, replica?.Evidence, e.Message);
                }
                catch (ReplicaGoneException e)
                {
                    // The victim exited between its selection and the action (a kill of a moment before, a crash): the step
                    // hit nothing, which is recorded, never a reason to end the run.
                    Record(step, name, replica?.Name, replica?.Role, null, replica?.Evidence, $"the victim was gone before the action: {e.Message}");
                }

                break;
            }
        }

        return effects;
    }

    private async Task UndoAfterAsync(ChaosStep step, ActionEffect effect, TimeSpan duration, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(duration, Time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return; // HealAllAsync undoes it.
        }

        await UndoAsync(step.Name, effect);
    }

    private async Task UndoAsync(string stepName, ActionEffect effect)
    {
        lock (_undo)
        {
            if (_undo.RemoveAll(u => ReferenceEquals(u.Effect, effect)) == 0)
            {
                return; // already undone
            }
        }

        try
        {
            await effect.Undo!(CancellationToken.None);
            Recorder.Event(HistoryOps.ChaosPrefix + effect.UndoName, effect.Target, details: new Dictionary<string, string> { ["step"] = stepName });
            options.OnEvent?.Invoke(new ChaosEvent(Elapsed, stepName, effect.UndoName ?? "undo", effect.Target, "ok"));
        }
        catch (Exception e)
        {
            Recorder.Event(HistoryOps.ChaosPrefix + effect.UndoName, effect.Target, error: e.Message, details: new Dictionary<string, string> { ["step"] = stepName });
            options.OnEvent?.Invoke(new ChaosEvent(Elapsed, stepName, effect.UndoName ?? "undo", effect.Target, "failed: " + e.Message));
        }
    }

    /// <summary>Undoes every fault still in force, newest first: resumes the paused, heals the partitioned, restarts members.</summary>
    private async Task HealAllAsync()
    {
        List<(string Target, string Step, ActionEffect Effect)> pending;
        lock (_undo)
        {
            pending = [.. _undo];
        }

        pending.Reverse();
        foreach (var (_, step, effect) in pending)
        {
            await UndoAsync(step, effect);
        }
    }

    private void Record(ChaosStep step, string action, string? hit, string? role, bool? verified, string? evidence, string? error)
    {
        var outcome = new StepOutcome(step.Name, action, Elapsed, hit, role, verified, evidence, error);
        _steps.Add(outcome);
        var details = new Dictionary<string, string> { ["step"] = step.Name };
        if (role is not null)
        {
            details["role"] = role;
        }

        if (verified is not null)
        {
            details["roleVerified"] = verified.Value ? "true" : "false";
        }

        if (evidence is not null)
        {
            details["evidence"] = evidence;
        }

        if (step.Arguments.Duration is { } duration)
        {
            details["duration"] = duration.ToString();
        }

        if (step.Arguments is Actions.Latency.LatencyArguments latency)
        {
            // The liveness check excuses a lost session only under latency that can really starve a keep-alive.
            details["latency"] = (latency.Latency + latency.LatencyJitter).ToString();
        }

        if (step.Action == ChaosActionKind.StoreFault)
        {
            // The liveness check tells a brief refusal (every call fails at once, for less than a keep-alive interval: a
            // correct session renews at its next interval) from a fault that can really starve a keep-alive.
            var fault = StoreFault.Of(step);
            details["fault"] = fault.Kind == StoreFaultKind.Unavailable ? "unavailable" : "indeterminate";
            details["probability"] = fault.Probability.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Recorder.Event(HistoryOps.ChaosPrefix + action, hit, error: error, details: details);
        options.OnEvent?.Invoke(new ChaosEvent(Elapsed, step.Name, action, hit ?? "-", error ?? (verified == false ? "MISSED ROLE" : "ok")));
    }

    /// <summary>
    /// The store's record of the keys the workers write under a lock or a term (task checkpoints, the leader's heartbeat),
    /// as <c>store.final</c> events: the final-state check judges the history's writes against it.
    /// </summary>
    private async Task RecordFinalStateAsync(HistoryRecorder observer)
    {
        try
        {
            await ReadFinalStateAsync(observer);
        }
        catch (StoreException)
        {
            // An unreachable store at the end leaves the record out; the final-state check then has nothing to judge.
        }
    }

    private async Task ReadFinalStateAsync(HistoryRecorder observer)
    {
        if (plan.Workload.Tasks.Enabled)
        {
            var checkpoints = (await target.Coordination.ReadPrefixAsync(WorkerConstants.TasksPrefix)).Entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
            for (var id = 0; id < plan.Workload.Tasks.Count; id++)
            {
                var key = $"{WorkerConstants.TasksPrefix}{id}";
                var entry = checkpoints.GetValueOrDefault(key);
                observer.Event(HistoryOps.StoreFinal, key, entry?.Value, revision: entry?.Revision);
            }
        }

        if (plan.Workload.Election.Enabled)
        {
            var heartbeat = (await target.Coordination.ReadAsync(WorkerConstants.HeartbeatKey)).Single;
            observer.Event(HistoryOps.StoreFinal, WorkerConstants.HeartbeatKey, heartbeat?.Value, revision: heartbeat?.Revision);
        }
    }

    /// <summary>
    /// After the replicas stopped: read every counter the history increments (the lost-update check's ground truth) and
    /// the reference workers' task checkpoints; returns the reference workload's counter, if it has one.
    /// </summary>
    /// <remarks>
    /// A task whose last commit had an unknown outcome may be complete without any replica knowing it; the final
    /// read of its checkpoint is the ground truth, recorded as the observer's <c>task.complete</c>. A team's service
    /// records such completions itself when it reads a complete checkpoint (the packages' checkpoint call).
    /// </remarks>
    private async Task<string?> FinalReadsAsync(IReadOnlyList<HistoryEntry> replicaEntries)
    {
        var observer = new HistoryRecorder(_chaosSink, Time, "observer");
        await RecordFinalStateAsync(observer);
        if (plan.Workload.Tasks.Enabled)
        {
            foreach (var (id, step) in await ReplicaRoles.ProgressAsync(target.Coordination))
            {
                if (step >= plan.Workload.Tasks.Steps)
                {
                    observer.Event(HistoryOps.TaskComplete, $"{WorkerConstants.TasksPrefix}{id}", step.ToString(), details: new Dictionary<string, string> { ["observed"] = "final read of the checkpoint" });
                }
            }
        }

        var counters = new SortedSet<string>(replicaEntries.Where(e => e.Op == HistoryOps.CounterIncrement && e.Key is not null).Select(e => e.Key!), StringComparer.Ordinal);
        if (plan.Workload.Counter.Enabled)
        {
            counters.Add(WorkerConstants.CounterKey);
        }

        string? referenceCounter = null;
        foreach (var key in counters)
        {
            var op = observer.Invoke(HistoryOps.CounterRead, key);
            var counter = await target.Coordination.ReadAsync(key);
            op.Ok(counter.Single?.Value ?? "0", revision: counter.Revision);
            if (key == WorkerConstants.CounterKey && plan.Workload.Counter.Enabled)
            {
                referenceCounter = counter.Single?.Value ?? "0";
            }
        }

        return referenceCounter;
    }
}
