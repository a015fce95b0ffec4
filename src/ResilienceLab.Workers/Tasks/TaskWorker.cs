using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Globalization;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// Works through long tasks <c>/tasks/&lt;id&gt;</c> of N steps. For a task it takes the TTL lock
/// <c>/locks/tasks/&lt;id&gt;</c>, reads the checkpoint, does one step, and commits the next checkpoint with a
/// fenced CAS (guarded by the lock and the checkpoint's revision, see <see cref="ILockHandle.FencedCompareAndSwapAsync"/>); it stops work on the task the
/// moment the lock's Lost fires. A replica that takes the lock later resumes from the last committed step.
/// Idle replicas queue on one incomplete task's lock, so a crashed holder's task is taken over as soon as its
/// lease expires.
/// </summary>
public sealed class TaskWorker(ReplicaRuntime runtime, ILogger<TaskWorker> logger) : BackgroundService
{
    private readonly TaskWorkerOptions _options = runtime.Options.Tasks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _mine = new();

    // Tasks whose last commit by this replica had an unknown outcome: if a later read shows the task complete, that
    // commit applied, and only this replica can say so in the history.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _unknownCommit = new(StringComparer.Ordinal);

    // ResumeIgnoresCheckpoint (mutation testing): the holds that have already (wrongly) started their task over.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, bool> _resumed = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>The worker loop (the simulation calls it directly, the host through <see cref="ExecuteAsync"/>).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        await runtime.Ready.WaitAsync(stoppingToken);
        var running = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                running.RemoveAll(t => t.IsCompleted);
                if (running.Count >= _options.MaxConcurrent)
                {
                    await Task.WhenAny(running).WaitAsync(stoppingToken);
                    continue;
                }

                var incomplete = await IncompleteTasksAsync(stoppingToken);
                if (incomplete is null || incomplete.Count == 0)
                {
                    // Store unreachable, or everything is done (or held by us): look again later.
                    await Task.Delay(_options.IdlePoll, runtime.Time, stoppingToken);
                    continue;
                }

                var claimed = await ClaimAsync(incomplete, stoppingToken);
                if (claimed is { } work)
                {
                    running.Add(WorkOnAsync(work.Id, work.Handle, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Graceful stop: each task loop releases its lock on the way out.
        }

        await Task.WhenAll(running);
    }

    private async Task<List<int>?> IncompleteTasksAsync(CancellationToken cancellationToken)
    {
        try
        {
            var checkpoints = await runtime.Coordination.ReadPrefixAsync(WorkerConstants.TasksPrefix, cancellationToken);

            // The step of each task by its id (a task without a checkpoint, or with one that is not a number, is at step 0).
            // An array indexed by the id parsed from the key, not a dictionary of keys: this runs on every turn of the loop.
            var steps = new int[_options.Count];
            var entries = checkpoints.Entries;
            for (var i = 0; i < entries.Count; i++)
            {
                if (TaskIdOf(entries[i].Key) is { } id && id < steps.Length)
                {
                    steps[id] = int.TryParse(entries[i].Value, out var step) ? step : 0;
                }
            }

            var incomplete = new List<int>(steps.Length);
            for (var id = 0; id < steps.Length; id++)
            {
                if (!_mine.ContainsKey(id) && steps[id] < _options.Steps)
                {
                    incomplete.Add(id);
                }
            }

            return incomplete;
        }
        catch (StoreException e)
        {
            logger.LogDebug("Listing tasks failed: {Error}", e.Message);
            return null;
        }
    }

    /// <summary>Takes a free task's lock if one is free; otherwise waits in one incomplete task's lock queue for a while.</summary>
    private async Task<(int Id, ILockHandle Handle)?> ClaimAsync(List<int> incomplete, CancellationToken stoppingToken)
    {
        runtime.Random.Shuffle(incomplete);
        ICoordinationSession session;
        try
        {
            session = await runtime.GetSessionAsync(stoppingToken);
        }
        catch (StoreException)
        {
            return null;
        }

        foreach (var id in incomplete)
        {
            try
            {
                // The primitive records lock.acquire (ok with the fencing token, or fail when held).
                var handle = await session.CreateLock(LockName(id), runtime.Name).TryAcquireAsync(stoppingToken);
                if (handle is not null)
                {
                    return (id, handle);
                }
            }
            catch (Exception e) when (e is StoreException or SessionExpiredException)
            {
                return null;
            }
        }

        // Every incomplete task is held: queue on one so a dead holder's task is taken over as soon as it expires.
        var target = incomplete[0];
        try
        {
            // Null when still held after the wait: the bounded acquire returns, where a cancelled AcquireAsync unwound
            // through a dozen frames of the queue and the store, tens of times per simulated seed (docs/benchmarks.md).
            var handle = await session.CreateLock(LockName(target), runtime.Name).TryAcquireWithinAsync(_options.IdlePoll * 4, stoppingToken);
            return handle is null ? null : (target, handle);
        }
        catch (Exception e) when (e is StoreException or SessionExpiredException)
        {
            return null;
        }
    }

    private async Task WorkOnAsync(int id, ILockHandle handle, CancellationToken stoppingToken)
    {
        _mine[id] = true;
        var taskKey = TaskKey(id);
        using var work = _options.IgnoreLockLost
            ? CancellationTokenSource.CreateLinkedTokenSource(stoppingToken)
            : CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handle.Lost);
        var done = false;
        try
        {
            while (!done)
            {
                done = await StepAsync(taskKey, handle, work.Token, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
        }
        catch (LockLostException)
        {
        }
        finally
        {
            _mine.TryRemove(id, out _);
            await LetGoAsync(handle);
        }
    }

    /// <summary>One step: read the checkpoint, work, commit. True when the task is complete.</summary>
    /// <remarks>
    /// <paramref name="cancellationToken"/> also fires when the lock is lost; <paramref name="commitCancellationToken"/> only on stop.
    /// </remarks>
    private async Task<bool> StepAsync(string taskKey, ILockHandle handle, CancellationToken cancellationToken, CancellationToken commitCancellationToken)
    {
        StoreSnapshot checkpoint;
        try
        {
            checkpoint = await runtime.Coordination.ReadAsync(taskKey, cancellationToken);
        }
        catch (StoreException)
        {
            await Task.Delay(_options.IdlePoll, runtime.Time, cancellationToken);
            return false;
        }

        var step = int.TryParse(checkpoint.Single?.Value, out var s) ? s : 0;
        var modRevision = checkpoint.Single?.Revision ?? 0;
        if (runtime.Options.SeededBug == SeededBug.ResumeIgnoresCheckpoint && !_resumed.ContainsKey(handle.Token))
        {
            // BUG (mutation testing): a fresh holder starts the task over, as if no checkpoint had been committed.
            _resumed[handle.Token] = true;
            step = 0;
        }

        if (step >= _options.Steps)
        {
            if (_unknownCommit.TryRemove(taskKey, out _))
            {
                // The final commit's reply was lost, but the read proves it applied.
                runtime.Recorder.Event(HistoryOps.TaskComplete, taskKey, step.ToString(), handle.Token, modRevision, new Dictionary<string, string> { ["observed"] = "read after a commit of unknown outcome" });
            }

            return true;
        }

        _unknownCommit.TryRemove(taskKey, out _);

        // The work itself. A correct worker abandons it the moment the lock is lost.
        await Task.Delay(_options.StepDuration, runtime.Time, cancellationToken);

        try
        {
            // A commit already under way is not cancelled when the lock is lost: the fence decides, and the history
            // gets a definite ok or rejection instead of an unknown outcome that a checker must treat as "maybe".
            // The fenced commit records task.commit (and task.complete) itself; the negative controls record by hand.
            var committed = await CommitAsync(taskKey, step + 1, modRevision, handle, commitCancellationToken);
            return committed is not null && step + 1 >= _options.Steps;
        }
        catch (IndeterminateOutcomeException)
        {
            _unknownCommit[taskKey] = true;
        }
        catch (StoreUnavailableException)
        {
        }

        return false;
    }

    /// <summary>Commits the checkpoint; returns its revision, or null when the CAS on the checkpoint failed.</summary>
    private async Task<long?> CommitAsync(string taskKey, int next, long modRevision, ILockHandle handle, CancellationToken cancellationToken)
    {
        if (_options.Fencing == FencingMode.Fenced && !_options.IgnoreLockLost && runtime.Options.SeededBug != SeededBug.CheckpointCasWithoutFence)
        {
            return await handle.CommitCheckpointAsync(taskKey, next, _options.Steps, modRevision, cancellationToken);
        }

        // The negative controls write as buggy team code would, so they record their commits themselves.
        var value = next.ToString(CultureInfo.InvariantCulture);
        var op = runtime.Recorder.Invoke(HistoryOps.TaskCommit, taskKey, value, (next - 1).ToString(CultureInfo.InvariantCulture), handle.Token);
        try
        {
            var revision = _options.Fencing == FencingMode.Unfenced
                ? await runtime.Uninstrumented.PutAsync(taskKey, value, cancellationToken)

                // BUG (negative control, and the mutant CheckpointCasWithoutFence): guards only against concurrent writes
                // of the checkpoint, not against a newer holder of the lock.
                : await runtime.Uninstrumented.Register(taskKey).CompareAndSwapAsync(modRevision, value, cancellationToken);
            if (revision is { } committed)
            {
                op.Ok(revision: committed);
                if (next >= _options.Steps)
                {
                    runtime.Recorder.Event(HistoryOps.TaskComplete, taskKey, value, handle.Token, committed);
                }
            }
            else
            {
                op.Fail("checkpoint moved since it was read (CAS conflict)");
            }

            return revision;
        }
        catch (IndeterminateOutcomeException e)
        {
            op.Info(e.Message);
            throw;
        }
        catch (StoreException e)
        {
            op.Fail(e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            op.Info("cancelled while the commit was in flight");
            throw;
        }
    }

    /// <summary>Releases a held lock (task done, or graceful stop) so a peer takes over at once; a lost one has nothing to release.</summary>
    private static async Task LetGoAsync(ILockHandle handle)
    {
        if (handle.Lost.IsCancellationRequested)
        {
            // The primitive recorded lock.lost when the signal fired.
            return;
        }

        try
        {
            await handle.ReleaseAsync();
        }
        catch (StoreException)
        {
            // Recorded by the primitive; the lease frees the lock after its TTL.
        }
    }

    private static string TaskKey(int id) => $"{WorkerConstants.TasksPrefix}{id}";

    /// <summary>The id of the task whose checkpoint key is <paramref name="key"/> (exactly <see cref="TaskKey"/>'s form), or null.</summary>
    private static int? TaskIdOf(string key)
    {
        if (!key.StartsWith(WorkerConstants.TasksPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = key.AsSpan(WorkerConstants.TasksPrefix.Length);

        // Only the form TaskKey writes: digits, no sign, no leading zero.
        return digits.Length > 0 && (digits[0] != '0' || digits.Length == 1)
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }

    private static string LockName(int id) => $"{WorkerConstants.TaskLocksPrefix}{id}";
}
