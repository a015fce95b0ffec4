using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>Records <c>lock.acquire</c> (ok with the holder key and fencing token) and counts acquisitions by outcome.</summary>
internal sealed class InstrumentedLock(IDistributedLock inner, InstrumentedCoordinationBackend backend) : IDistributedLock
{
    public string Name => inner.Name;

    public string Owner => inner.Owner;

    public Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(async ct => await inner.AcquireAsync(ct), cancellationToken)!;

    public Task<ILockHandle?> TryAcquireAsync(CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(inner.TryAcquireAsync, cancellationToken);

    public Task<ILockHandle?> TryAcquireWithinAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        AcquireCoreAsync(ct => inner.TryAcquireWithinAsync(wait, ct), cancellationToken, wait);

    /// <summary>Records the attempt; <paramref name="wait"/> is how long a bounded acquire waited before it gave up (null: no wait).</summary>
    private async Task<ILockHandle?> AcquireCoreAsync(Func<CancellationToken, Task<ILockHandle?>> acquire, CancellationToken cancellationToken, TimeSpan? wait = null)
    {
        using var activity = CoordinationMetrics.Start("lock.acquire", Name);
        var op = backend.Recorder?.Invoke(HistoryOps.LockAcquire, Name);
        try
        {
            var handle = await acquire(cancellationToken);
            if (handle is null)
            {
                // Both begin as the liveness check's "waited in the queue" errors (LivenessConstants.WaitingErrors).
                op?.Fail(wait is { } waited ? $"held by another holder after waiting {waited.TotalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} ms" : "held by another holder");
                Count(wait is null ? "busy" : "timeout");
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
