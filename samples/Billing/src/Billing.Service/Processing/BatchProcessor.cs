using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace Billing.Service;

/// <summary>
/// Processes scheduled batches. For a batch it takes the TTL lock of the batch, reads the checkpoint, sends one chunk
/// of invoices and commits the next checkpoint with the lock's fenced compare-and-swap
/// (<see cref="ILockHandle.CommitCheckpointAsync"/>); it stops the moment the lock's <see cref="ILockHandle.Lost"/> fires.
/// Whoever commits the last chunk posts the batch's amount to the revenue. A replica that takes the lock later resumes
/// from the last committed chunk; idle replicas queue on one open batch's lock, so a crashed holder's batch is taken
/// over as soon as its lease expires.
/// </summary>
internal sealed partial class BatchProcessor(
    ICoordinationBackend backend,
    CoordinationSessionProvider sessions,
    BillingKeys keys,
    BillingReplica replica,
    RevenueLedger ledger,
    TimeProvider time,
    IOptions<BillingOptions> options,
    ILogger<BatchProcessor> logger,
    HistoryRecorder? recorder = null) : BackgroundService
{
    private readonly BillingOptions _options = options.Value;
    private readonly DeterministicRandom _random = replica.Random.Fork("processor");
    // Concurrent: outside the simulation the batch loops' continuations run on the thread pool.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _mine = new();

    // Batches whose last commit by this replica had an unknown outcome: if a later read shows the batch complete, that
    // commit applied, and only this replica can say so (in the history, and by posting the batch's revenue).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _unknownCommit = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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

                var open = await OpenBatchesAsync(stoppingToken);
                if (open is null || open.Count == 0)
                {
                    // Store unreachable, or nothing to do (or all of it is ours): look again later.
                    await Task.Delay(_options.IdlePoll, time, stoppingToken);
                    continue;
                }

                if (await ClaimAsync(open, stoppingToken) is { } claim)
                {
                    running.Add(ProcessAsync(claim.Batch, claim.Handle, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Graceful stop: each batch loop releases its lock on the way out.
        }

        await Task.WhenAll(running);
    }

    private async Task<List<BatchSpec>?> OpenBatchesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var progress = await BatchProgress.ReadAsync(backend, keys, cancellationToken);
            return [.. progress.Open.Where(b => !_mine.ContainsKey(b.Id))];
        }
        catch (StoreException e)
        {
            logger.LogDebug("Listing batches failed: {Error}", e.Message);
            return null;
        }
    }

    /// <summary>Takes a free batch's lock if one is free; otherwise waits in one open batch's lock queue for a while.</summary>
    private async Task<(BatchSpec Batch, ILockHandle Handle)?> ClaimAsync(List<BatchSpec> open, CancellationToken stoppingToken)
    {
        // Replicas try the open batches in different orders, so they spread over them instead of all racing for the first.
        _random.Shuffle(open);
        try
        {
            var session = await sessions.GetSessionAsync(stoppingToken);
            foreach (var batch in open)
            {
                // The primitive records lock.acquire (ok with the fencing token, or fail when held).
                if (await session.CreateLock(keys.Lock(batch.Id), replica.Name).TryAcquireAsync(stoppingToken) is { } handle)
                {
                    return (batch, handle);
                }
            }

            // Every open batch is held: queue on one, so a dead holder's batch is taken over as soon as its lease expires.
            using var timeout = new CancellationTokenSource(_options.IdlePoll * 4, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
            return (open[0], await session.CreateLock(keys.Lock(open[0].Id), replica.Name).AcquireAsync(linked.Token));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Still held after waiting.
            return null;
        }
        catch (Exception e) when (e is StoreException or SessionExpiredException)
        {
            return null;
        }
    }

    private async Task ProcessAsync(BatchSpec batch, ILockHandle handle, CancellationToken stoppingToken)
    {
        _mine[batch.Id] = true;
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handle.Lost);
        try
        {
            while (!await StepAsync(batch, handle, work.Token, stoppingToken))
            {
            }
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            // Lost the lock (stop at once: a successor owns the batch now) or stopping.
        }
        catch (LockLostException)
        {
            // The fence rejected a commit: a successor owns the batch now.
        }
        catch (SessionExpiredException)
        {
            // The session (and with it the lock) went mid-call: the next claim opens a new session.
        }
        catch (StoreException e)
        {
            // Any other store error mid-batch: let the batch go; it is claimed again (by anyone) from its checkpoint.
            logger.LogDebug("Batch {Batch} let go: {Error}", batch.Id, e.Message);
        }
        finally
        {
            _mine.TryRemove(batch.Id, out _);
            await LetGoAsync(handle);
        }
    }

    /// <summary>One chunk: read the checkpoint, send the chunk's invoices, commit. True when the batch is complete.</summary>
    /// <remarks><paramref name="cancellationToken"/> also fires when the lock is lost; <paramref name="commitCancellationToken"/> only on stop.</remarks>
    private async Task<bool> StepAsync(BatchSpec batch, ILockHandle handle, CancellationToken cancellationToken, CancellationToken commitCancellationToken)
    {
        StoreSnapshot checkpoint;
        try
        {
            checkpoint = await backend.ReadAsync(keys.Checkpoint(batch.Id), cancellationToken);
        }
        catch (StoreException)
        {
            await Task.Delay(_options.IdlePoll, time, cancellationToken);
            return false;
        }

        var done = int.TryParse(checkpoint.Single?.Value, out var s) ? s : 0;
        var revision = checkpoint.Single?.Revision ?? 0;
        if (done >= batch.Steps)
        {
            if (_unknownCommit.TryRemove(batch.Id, out _))
            {
                // The last commit's reply was lost, but the read proves it applied: this replica completed the batch.
                recorder?.Event(HistoryOps.TaskComplete, keys.Checkpoint(batch.Id), done.ToString(System.Globalization.CultureInfo.InvariantCulture), handle.Token, revision, new Dictionary<string, string> { ["observed"] = "read after a commit of unknown outcome" });
                await PostRevenueAsync(batch, commitCancellationToken);
            }

            return true;
        }

        _unknownCommit.TryRemove(batch.Id, out _);

        // Rendering and sending the chunk's invoices. A correct worker abandons it the moment the lock is lost.
        await Task.Delay(_options.StepDuration, time, cancellationToken);

        try
        {
            // A commit already under way is not cancelled when the lock is lost: the fence decides, and the history gets
            // a definite ok or rejection instead of an unknown outcome.
            var committed = await CommitAsync(batch, done + 1, revision, handle, commitCancellationToken);
            if (committed is not null && done + 1 >= batch.Steps)
            {
                await PostRevenueAsync(batch, commitCancellationToken);
                return true;
            }
        }
        catch (IndeterminateOutcomeException)
        {
            _unknownCommit[batch.Id] = true;
        }
        catch (StoreUnavailableException)
        {
            // Not applied: the next round reads the checkpoint again.
        }

        return false;
    }

    /// <summary>Commits chunk <paramref name="step"/>; returns its revision, or null when the checkpoint moved since it was read.</summary>
    private Task<long?> CommitAsync(BatchSpec batch, int step, long expectedRevision, ILockHandle handle, CancellationToken cancellationToken) =>
        _options.UnfencedCheckpoints
            ? CommitUnfencedAsync(batch, step, handle, cancellationToken)

            // The primitive records task.commit (and task.complete for the last chunk) with the fencing token.
            : handle.CommitCheckpointAsync(keys.Checkpoint(batch.Id), step, batch.Steps, expectedRevision, cancellationToken);

    private async Task PostRevenueAsync(BatchSpec batch, CancellationToken cancellationToken)
    {
        try
        {
            var revenue = await ledger.PostAsync(batch, cancellationToken);
            logger.LogInformation("Batch {Batch} billed: {Amount} cents; revenue {Revenue} cents", batch.Id, batch.AmountCents, revenue);
        }
        catch (Exception e) when (e is StoreException or CasConflictException)
        {
            // Known gap, kept visible: the batch is complete but its revenue may not be posted (see docs/your-service.md).
            logger.LogWarning("Batch {Batch} complete but its revenue was not posted: {Error}", batch.Id, e.Message);
        }
    }

    /// <summary>Releases a held lock (batch done, or graceful stop) so a peer takes over at once; a lost one has nothing to release.</summary>
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
}
