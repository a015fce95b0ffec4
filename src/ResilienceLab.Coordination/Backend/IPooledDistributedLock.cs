namespace ResilienceLab.Coordination;

/// <summary>
/// The library's own lock as its recording wrapper calls it: every acquire as one pooled <see cref="ValueTask{TResult}"/>,
/// awaited once with <c>ConfigureAwait(false)</c> (the rule in <see cref="PooledCores"/>).
/// </summary>
internal interface IPooledDistributedLock
{
    /// <summary>
    /// <see cref="IDistributedLock.TryAcquireWithinAsync"/>: <see cref="Timeout.InfiniteTimeSpan"/> waits until held
    /// (<see cref="IDistributedLock.AcquireAsync"/>), <see cref="TimeSpan.Zero"/> tries once (<see cref="IDistributedLock.TryAcquireAsync"/>).
    /// </summary>
    ValueTask<LockHandle?> TryAcquireWithinCoreAsync(TimeSpan wait, CancellationToken cancellationToken);
}
