using System.Runtime.CompilerServices;

namespace ResilienceLab.Coordination;

/// <summary>
/// A TTL lock following etcd's concurrency.Mutex: the holder key <c>&lt;name&gt;/&lt;lease id hex&gt;</c> with the
/// lowest create revision holds; a waiter watches only the key queued just before its own. Interoperates with
/// <c>etcdctl lock &lt;name&gt;</c> (which writes an empty value; ours may carry the owner's name, so that an
/// observer can tell which replica holds the lock). One instance per (session, name); acquire again after a release.
/// The etcd implementation of <see cref="IDistributedLock"/>.
/// </summary>
public sealed class DistributedLock(Session session, string name, string owner = "") : IDistributedLock, IPooledDistributedLock
{
    private LockHandle? _held;

    /// <summary>The lock's name, the key prefix (e.g. <c>/locks/tasks/7</c>).</summary>
    public string Name { get; } = name.TrimEnd('/');

    /// <summary>The value of the holder key: who holds it (empty for etcdctl compatibility when not given).</summary>
    public string Owner { get; } = owner;

    /// <summary>The session whose lease the holder key is bound to.</summary>
    public Session Session { get; } = session;

    /// <summary>This contender's key (the session's lease never changes, so it is made once).</summary>
    public string Key => Session.QueueNames(Name).Key;

    /// <summary>Waits until the lock is held, or throws on cancellation (the queued key is removed again).</summary>
    public Task<LockHandle> AcquireAsync(CancellationToken cancellationToken = default) => AcquireCoreAsync(cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<LockHandle> AcquireCoreAsync(CancellationToken cancellationToken)
    {
        if (_held is { IsLost: false } held)
        {
            return held;
        }

        var position = await KeyQueue.WaitForHeadAsync(Session, Name, Key, Owner, "for the lock", CancellationToken.None, cancellationToken).ConfigureAwait(false);
        return Hold(position!.CreateRevision);
    }

    /// <summary>
    /// Waits up to <paramref name="wait"/> in the lock's queue; returns null when the lock is still held then (the
    /// queued key is removed again). Throws on the caller's cancellation, as <see cref="AcquireAsync"/>.
    /// </summary>
    public Task<LockHandle?> TryAcquireWithinAsync(TimeSpan wait, CancellationToken cancellationToken = default) =>
        ((IPooledDistributedLock)this).TryAcquireWithinCoreAsync(wait, cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<LockHandle?> IPooledDistributedLock.TryAcquireWithinCoreAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return await AcquireCoreAsync(cancellationToken).ConfigureAwait(false);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        if (wait == TimeSpan.Zero)
        {
            return await TryAcquireCoreAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_held is { IsLost: false } held)
        {
            return held;
        }

        using var deadline = new CancellationTokenSource(wait, Session.TimeProvider);
        var position = await KeyQueue.WaitForHeadAsync(Session, Name, Key, Owner, "for the lock", deadline.Token, cancellationToken).ConfigureAwait(false);
        return position is null ? null : Hold(position.CreateRevision);
    }

    /// <summary>
    /// Acquires if nobody holds the lock now; returns null (and leaves no key behind) otherwise. Throws
    /// <see cref="SessionExpiredException"/> when the session is already lost.
    /// </summary>
    public Task<LockHandle?> TryAcquireAsync(CancellationToken cancellationToken = default) => TryAcquireCoreAsync(cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<LockHandle?> TryAcquireCoreAsync(CancellationToken cancellationToken)
    {
        if (Session.Lost.IsCancellationRequested)
        {
            // As the waiting forms: a lost session's lease will not be renewed, so a key queued on it cannot hold for long.
            throw Session.Expired("lost before queueing for the lock");
        }

        var position = await KeyQueue.EnqueueAsync(Session, Name, Key, Owner, cancellationToken).ConfigureAwait(false);
        var head = Session.Bug == RecipeBug.LockHeadByKeyOrder

            // BUG (mutation testing): etcd returns a range sorted by key, and the first key is taken for the holder.
            ? position.Queue.Count == 0 || string.Equals(position.Queue.MinBy(kv => kv.Key, StringComparer.Ordinal)!.Key, Key, StringComparison.Ordinal)
            : position.IsHead;
        if (head)
        {
            return Hold(position.CreateRevision);
        }

        await KeyQueue.TryDequeueAsync(Session.Store, Key, position.CreateRevision).ConfigureAwait(false);
        return null;
    }

    async Task<ILockHandle> IDistributedLock.AcquireAsync(CancellationToken cancellationToken) => await AcquireCoreAsync(cancellationToken).ConfigureAwait(false);

    async Task<ILockHandle?> IDistributedLock.TryAcquireAsync(CancellationToken cancellationToken) => await TryAcquireCoreAsync(cancellationToken).ConfigureAwait(false);

    async Task<ILockHandle?> IDistributedLock.TryAcquireWithinAsync(TimeSpan wait, CancellationToken cancellationToken) =>
        await ((IPooledDistributedLock)this).TryAcquireWithinCoreAsync(wait, cancellationToken).ConfigureAwait(false);

    internal void Release(LockHandle handle) => Interlocked.CompareExchange(ref _held, null, handle);

    private LockHandle Hold(long createRevision)
    {
        var handle = new LockHandle(this, Key, createRevision);
        _held = handle;
        return handle;
    }
}
