using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>Records <c>lock.acquire</c> (ok with the holder key and fencing token) and counts acquisitions by outcome.</summary>
internal sealed class InstrumentedLock(IDistributedLock inner, InstrumentedCoordinationBackend backend) : IDistributedLock
{
    public string Name => inner.Name;

    public string Owner => inner.Owner;

    public Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(Timeout.InfiniteTimeSpan, cancellationToken)!;

    public Task<ILockHandle?> TryAcquireAsync(CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(TimeSpan.Zero, cancellationToken);

    public Task<ILockHandle?> TryAcquireWithinAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(wait, cancellationToken, bounded: true);

    /// <summary>
    /// Records the attempt: <paramref name="wait"/> as <see cref="IPooledDistributedLock"/> reads it; <paramref name="bounded"/>
    /// when it is a bounded acquire's wait, which the failure then says it waited out.
    /// </summary>
    private async Task<ILockHandle?> AcquireCoreAsync(TimeSpan wait, CancellationToken cancellationToken, bool bounded = false)
    {
        using var activity = CoordinationMetrics.Start("lock.acquire", Name);
        var op = backend.Recorder?.Invoke(HistoryOps.LockAcquire, Name);
        try
        {
            var handle = inner is IPooledDistributedLock pooled
                ? await pooled.TryAcquireWithinCoreAsync(wait, cancellationToken).ConfigureAwait(false)
                : bounded ? await inner.TryAcquireWithinAsync(wait, cancellationToken)
                : wait == TimeSpan.Zero ? await inner.TryAcquireAsync(cancellationToken)
                : await inner.AcquireAsync(cancellationToken);
            if (handle is null)
            {
                // Both begin as the liveness check's "waited in the queue" errors (LivenessConstants.WaitingErrors).
                op?.Fail(bounded ? $"held by another holder after waiting {wait.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms" : "held by another holder");
                Count(bounded ? "timeout" : "busy");
                return null;
            }

            op?.Ok(handle.Key, handle.Token, handle.Token);
            Count("acquired");
            activity?.SetTag("reslab.token", handle.Token);
            return new InstrumentedLockHandle(handle, backend);
        }
        catch (OperationCanceledException)
        {
            op?.Fail("cancelled");
            Count("cancelled");
            throw;
        }
        catch (Exception e)
        {
            // Acquisition is not a mutation a caller can observe half-done: the recipe cleans up its queue entry.
            op?.Fail(e.Message);
            Count("failed");
            CoordinationMetrics.Failed(activity, e, HistoryOps.LockAcquire);
            throw;
        }
    }

    private void Count(string outcome) =>
        CoordinationMetrics.Acquisitions.Add(1, new KeyValuePair<string, object?>("lock", Name), new KeyValuePair<string, object?>("outcome", outcome));
}
