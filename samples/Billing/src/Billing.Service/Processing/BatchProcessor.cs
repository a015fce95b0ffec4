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
/// from the last committed chunk — or, when the last chunk was committed but the batch not yet posted, posts it (posting
/// is idempotent). Idle replicas queue on one open batch's lock, so a crashed holder's batch is taken over as soon as its
/// lease expires.
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

            // Every open batch is held: queue on one for a while, so a dead holder's batch is taken over as soon as its
            // lease expires. Still held after the wait: null, not an exception.
            var waited = await session.CreateLock(keys.Lock(open[0].Id), replica.Name).TryAcquireWithinAsync(_options.IdlePoll * 4, stoppingToken);
            return waited is null ? null : (open[0], waited);
        }
        catch (Exception e) when (e is StoreException or SessionExpiredException)
        {
            return null;
        }
    }

    private async Task ProcessAsync(BatchSpec batch, ILockHandle handle, CancellationToken stoppingToken)
    {
        _mine[batch.Id] = true;
        var hold = new BatchHold();
        // The buggy twin trusts its lock from acquire to release: it stops only when the host stops.
        using var work = _options.UnfencedCheckpoints
            ? CancellationTokenSource.CreateLinkedTokenSource(stoppingToken)
            : CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handle.Lost);
        try
        {
            while (!await StepAsync(batch, handle, hold, work.Token, stoppingToken))
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

    /// <summary>One round: read the checkpoint; send the next chunk and commit it, or post a complete batch. True when the batch is billed.</summary>
    /// <remarks><paramref name="cancellationToken"/> also fires when the lock is lost; <paramref name="commitCancellationToken"/> only on stop.</remarks>
    private async Task<bool> StepAsync(BatchSpec batch, ILockHandle handle, BatchHold hold, CancellationToken cancellationToken, CancellationToken commitCancellationToken)
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
        if (done >= batch.Steps)
        {
            if (!hold.CompletionRecorded)
            {
                // The last chunk was committed, but not by a commit this holder saw succeed: its reply was lost, or its
                // holder died before it could record it. Only the read shows the batch complete, so say so in the history.
                recorder?.Event(HistoryOps.TaskComplete, keys.Checkpoint(batch.Id), done.ToString(System.Globalization.CultureInfo.InvariantCulture), handle.Token, checkpoint.Single?.Revision, new Dictionary<string, string> { ["observed"] = "read: the last chunk's commit applied but was not seen to" });
                hold.CompletionRecorded = true;
            }

            if (await PostRevenueAsync(batch, cancellationToken))
            {
                return true;
            }

            await Task.Delay(_options.IdlePoll, time, cancellationToken);
            return false;
        }

        // Rendering and sending the chunk's invoices. A correct worker abandons it the moment the lock is lost.
        await Task.Delay(_options.StepDuration, time, cancellationToken);
        await CountChunkAsync(batch, cancellationToken);

        try
        {
            // A commit already under way is not cancelled when the lock is lost: the fence decides, and the history gets
            // a definite ok or rejection instead of an unknown outcome.
            var committed = await CommitAsync(batch, done + 1, checkpoint.Single?.Revision ?? 0, handle, commitCancellationToken);
            hold.CompletionRecorded |= committed is not null && done + 1 >= batch.Steps;
        }
        catch (StoreUnavailableException)
        {
            // Not applied: the next round reads the checkpoint again.
        }
        catch (IndeterminateOutcomeException)
        {
            // Applied or not: the next round's read tells.
        }

        return false;
    }

    /// <summary>Commits chunk <paramref name="step"/>; returns its revision, or null when the checkpoint moved since it was read.</summary>
    private Task<long?> CommitAsync(BatchSpec batch, int step, long expectedRevision, ILockHandle handle, CancellationToken cancellationToken) =>
        _options.UnfencedCheckpoints
            ? CommitUnfencedAsync(batch, step, handle, cancellationToken)

            // The primitive records task.commit (and task.complete for the last chunk) with the fencing token.
            : handle.CommitCheckpointAsync(keys.Checkpoint(batch.Id), step, batch.Steps, expectedRevision, cancellationToken);

    /// <summary>Posts a complete batch's amount to the revenue (idempotent); false when the store did not let it (tried again next round).</summary>
    private async Task<bool> PostRevenueAsync(BatchSpec batch, CancellationToken cancellationToken)
    {
        try
        {
            var revenue = await ledger.PostAsync(batch, cancellationToken);
            logger.LogInformation("Batch {Batch} billed: {Amount} cents; revenue {Revenue} cents", batch.Id, batch.AmountCents, revenue);
            return true;
        }
        catch (Exception e) when (e is StoreException or CasConflictException)
        {
            logger.LogDebug("Posting batch {Batch} failed: {Error}", batch.Id, e.Message);
            return false;
        }
    }

    private async Task CountChunkAsync(BatchSpec batch, CancellationToken cancellationToken)
    {
        try
        {
            await ledger.CountChunkAsync(cancellationToken);
        }
        catch (Exception e) when (e is StoreException or CasConflictException)
        {
            // A metric, not the bill: a chunk not counted does not hold up the batch.
            logger.LogDebug("Counting a chunk of batch {Batch} failed: {Error}", batch.Id, e.Message);
        }
    }

    /// <summary>What one hold of a batch's lock has seen.</summary>
    private sealed class BatchHold
    {
        /// <summary>The batch's completion is in the history (a commit of the last chunk seen to succeed, or recorded as observed).</summary>
        public bool CompletionRecorded { get; set; }
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
