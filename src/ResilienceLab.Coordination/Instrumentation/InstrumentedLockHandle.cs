using System.Globalization;
using System.Runtime.CompilerServices;
using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>
/// A held lock that records what happens to it: <c>lock.lost</c> at the moment <see cref="Lost"/> fires (not when the
/// holder's work loop later notices), <c>lock.release</c>, every fenced write (<c>lock.write</c>) and checkpoint
/// (<c>task.commit</c>, <c>task.complete</c>) with its token and revision; and the hold time, losses and rejected writes as metrics.
/// </summary>
internal sealed class InstrumentedLockHandle : ILockHandle
{
    private readonly ILockHandle _inner;
    private readonly InstrumentedCoordinationBackend _backend;
    private readonly long _acquiredAt;
    private readonly CancellationTokenRegistration _lostRegistration;
    private int _ended;

    public InstrumentedLockHandle(ILockHandle inner, InstrumentedCoordinationBackend backend)
    {
        _inner = inner;
        _backend = backend;
        _acquiredAt = backend.Time.GetTimestamp();

        // Registering arms the handle's key watch; the loss is recorded when the signal fires, whoever listens.
        _lostRegistration = inner.Lost.Register(static state => ((InstrumentedLockHandle)state!).OnLost(), this);
    }

    public string Name => _inner.Name;

    public string Key => _inner.Key;

    public long Token => _inner.Token;

    public CancellationToken Lost => _inner.Lost;

    public string? LostReason => _inner.LostReason;

    public async Task<long?> FencedCompareAndSwapAsync(string key, string value, long expectedRevision, CancellationToken cancellationToken = default)
    {
        var op = _backend.Recorder?.Invoke(HistoryOps.LockWrite, key, value, expectedRevision.ToString(CultureInfo.InvariantCulture), Token);
        return await FencedAsync(op, HistoryOps.LockWrite, key, value, expectedRevision, checkpoint: null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long?> CommitCheckpointAsync(string key, int step, int steps, long expectedRevision, CancellationToken cancellationToken = default)
    {
        var value = step.ToString(CultureInfo.InvariantCulture);
        var op = _backend.Recorder?.Invoke(HistoryOps.TaskCommit, key, value, (step - 1).ToString(CultureInfo.InvariantCulture), Token);
        var revision = await FencedAsync(op, HistoryOps.TaskCommit, key, value, expectedRevision, (step, steps), cancellationToken).ConfigureAwait(false);
        if (revision is { } committed && step >= steps)
        {
            _backend.Recorder?.Event(HistoryOps.TaskComplete, key, value, Token, committed);
        }

        return revision;
    }

    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            // Already released, or lost: a lost lock has nothing to release (the recipe's guarded delete is a no-op).
            await _inner.ReleaseAsync(cancellationToken);
            return;
        }

        // A deliberate release deletes the key; that must not read as a loss.
        await _lostRegistration.DisposeAsync();
        CoordinationMetrics.HoldTime.Record(_backend.Time.GetElapsedTime(_acquiredAt).TotalSeconds, Tag("lock", Name), Tag("end", "released"));
        using var activity = CoordinationMetrics.Start("lock.release", Name);
        var op = _backend.Recorder?.Invoke(HistoryOps.LockRelease, Name, Key, token: Token);
        try
        {
            await _inner.ReleaseAsync(cancellationToken);
            op?.Ok();
        }
        catch (Exception e)
        {
            RecordedOutcome.Completed(op, e, activity, HistoryOps.LockRelease, "release");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        catch (StoreException)
        {
            // As the recipes' own handles: an unreachable store frees the lock when the lease expires.
        }

        await _inner.DisposeAsync();
    }

    private void OnLost()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        CoordinationMetrics.Lost.Add(1, Tag("lock", Name));
        CoordinationMetrics.HoldTime.Record(_backend.Time.GetElapsedTime(_acquiredAt).TotalSeconds, Tag("lock", Name), Tag("end", "lost"));
        _backend.Recorder?.Event(HistoryOps.LockLost, Name, Key, Token, error: _inner.LostReason);
    }

    /// <summary>
    /// Runs a fenced write (a checkpoint commit when <paramref name="checkpoint"/> says which step) and completes its
    /// history entry: ok, fail (fence or compare), info (unknown outcome).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<long?> FencedAsync(HistoryOperation? op, string name, string key, string value, long expectedRevision, (int Step, int Steps)? checkpoint, CancellationToken cancellationToken)
    {
        using var activity = CoordinationMetrics.Start(name, key);
        try
        {
            // The library's own handle commits a checkpoint as the fenced swap of the step's text (the interface's default).
            var revision = _inner is IPooledLockHandle pooled
                ? await pooled.FencedCompareAndSwapCoreAsync(key, value, expectedRevision, cancellationToken).ConfigureAwait(false)
                : checkpoint is { } c
                    ? await _inner.CommitCheckpointAsync(key, c.Step, c.Steps, expectedRevision, cancellationToken)
                    : await _inner.FencedCompareAndSwapAsync(key, value, expectedRevision, cancellationToken);
            if (revision is { } committed)
            {
                op?.Ok(revision: committed);
            }
            else
            {
                op?.Fail(HistoryOps.CompareFailedError);
                CoordinationMetrics.CasConflicts.Add(1, Tag("key", key));
            }

            return revision;
        }
        catch (Exception e)
        {
            RecordedOutcome.Completed(op, e, activity, name, "write");
            throw;
        }
    }

    private static KeyValuePair<string, object?> Tag(string name, object? value) => new(name, value);
}
