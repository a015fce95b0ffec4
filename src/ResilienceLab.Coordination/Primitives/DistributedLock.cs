namespace ResilienceLab.Coordination;

/// <summary>
/// A TTL lock following etcd's concurrency.Mutex: the holder key <c>&lt;name&gt;/&lt;lease id hex&gt;</c> with the
/// lowest create revision holds; a waiter watches only the key queued just before its own. Interoperates with
/// <c>etcdctl lock &lt;name&gt;</c> (which writes an empty value; ours may carry the owner's name, so that an
/// observer can tell which replica holds the lock). One instance per (session, name); acquire again after a release.
/// The etcd implementation of <see cref="IDistributedLock"/>.
/// </summary>
public sealed class DistributedLock(Session session, string name, string owner = "") : IDistributedLock
{
    private LockHandle? _held;

    /// <summary>The lock's name, the key prefix (e.g. <c>/locks/tasks/7</c>).</summary>
    public string Name { get; } = name.TrimEnd('/');

    /// <summary>The value of the holder key: who holds it (empty for etcdctl compatibility when not given).</summary>
    public string Owner { get; } = owner;

    /// <summary>The session whose lease the holder key is bound to.</summary>
    public Session Session { get; } = session;

    /// <summary>This contender's key.</summary>
    public string Key => KeyQueue.KeyFor(Name, Session.LeaseId);

    /// <summary>Waits until the lock is held, or throws on cancellation (the queued key is removed again).</summary>
    public async Task<LockHandle> AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (_held is { Lost.IsCancellationRequested: false } held)
        {
            return held;
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Session.Lost);
        long createRevision;
        try
        {
            (createRevision, _) = await KeyQueue.EnqueueAsync(Session, Key, Owner, linked.Token);
        }
        catch (OperationCanceledException) when (Session.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The lease went while queueing: that is the session expiring, not the caller cancelling.
            throw new SessionExpiredException(Session.LeaseId, Session.LostReason ?? "lost while queueing for the lock");
        }

        try
        {
            await KeyQueue.WaitForPredecessorsAsync(Session.Store, Name, createRevision, Session.TimeProvider, linked.Token);
        }
        catch (OperationCanceledException)
        {
            await KeyQueue.TryDequeueAsync(Session.Store, Key, createRevision);
            if (Session.Lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new SessionExpiredException(Session.LeaseId, Session.LostReason ?? "lost while waiting for the lock");
            }

            throw;
        }

        return Hold(createRevision);
    }

    /// <summary>Acquires if nobody holds the lock now; returns null (and leaves no key behind) otherwise.</summary>
    public async Task<LockHandle?> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        var (createRevision, _) = await KeyQueue.EnqueueAsync(Session, Key, Owner, cancellationToken);
        var head = await KeyQueue.HeadAsync(Session.Store, Name, cancellationToken);
        if (head?.CreateRevision == createRevision)
        {
            return Hold(createRevision);
        }

        await KeyQueue.TryDequeueAsync(Session.Store, Key, createRevision);
        return null;
    }

    async Task<ILockHandle> IDistributedLock.AcquireAsync(CancellationToken cancellationToken) => await AcquireAsync(cancellationToken);

    async Task<ILockHandle?> IDistributedLock.TryAcquireAsync(CancellationToken cancellationToken) => await TryAcquireAsync(cancellationToken);

    internal void Release(LockHandle handle) => Interlocked.CompareExchange(ref _held, null, handle);

    private LockHandle Hold(long createRevision)
    {
        var lost = CancellationTokenSource.CreateLinkedTokenSource(Session.Lost);
        var handle = new LockHandle(this, Key, createRevision, lost);
        _held = handle;
        Session.Lost.Register(() => handle.MarkLost(Session.LostReason ?? "session lost"));
        _ = WatchOwnKeyAsync(handle, createRevision);
        return handle;
    }

    /// <summary>Fires the handle's Lost as soon as its key is deleted by anyone (lease revoked, operator delete).</summary>
    private async Task WatchOwnKeyAsync(LockHandle handle, long createRevision)
    {
        try
        {
            await KeyQueue.WaitDeletedAsync(Session.Store, handle.Key, createRevision + 1, Session.TimeProvider, handle.Lost);
            handle.MarkLost("the holder key was deleted");
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
