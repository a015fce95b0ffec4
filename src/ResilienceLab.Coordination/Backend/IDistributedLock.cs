namespace ResilienceLab.Coordination;

/// <summary>A TTL lock that hands out a fencing token with each acquisition. One instance per (session, name).</summary>
public interface IDistributedLock
{
    /// <summary>The lock's name, e.g. <c>/locks/tasks/7</c>.</summary>
    string Name { get; }

    /// <summary>Who holds it when this contender does (what observers see).</summary>
    string Owner { get; }

    /// <summary>Waits until the lock is held, or throws on cancellation (leaving nothing of this contender behind).</summary>
    Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>Acquires if nobody holds the lock now; returns null otherwise.</summary>
    Task<ILockHandle?> TryAcquireAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the lock; returns null when it is still held then, leaving nothing of this
    /// contender behind (a later acquire works as usual). Running out of time is an answer, not an exception; the
    /// caller's cancellation still throws. <see cref="TimeSpan.Zero"/> is one look, as <see cref="TryAcquireAsync(CancellationToken)"/>;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits as <see cref="AcquireAsync"/>.
    /// </summary>
    Task<ILockHandle?> TryAcquireWithinAsync(TimeSpan wait, CancellationToken cancellationToken = default);
}
