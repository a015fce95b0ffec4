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

    private async Task<ILockHandle?> AcquireCoreAsync(Func<CancellationToken, Task<ILockHandle?>> acquire, CancellationToken cancellationToken)
    {
        using var activity = CoordinationMetrics.Start("lock.acquire", Name);
        var op = backend.Recorder?.Invoke(HistoryOps.LockAcquire, Name);
        try
        {
            var handle = await acquire(cancellationToken);
            if (handle is null)
            {
                op?.Fail("held by another holder");
                Count("busy");
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
