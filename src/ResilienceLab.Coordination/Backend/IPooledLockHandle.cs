namespace ResilienceLab.Coordination;

/// <summary>
/// The library's own held lock as its recording wrapper calls it: the fenced compare-and-swap as a pooled
/// <see cref="ValueTask{TResult}"/>, awaited once with <c>ConfigureAwait(false)</c> (the rule in <see cref="PooledCores"/>).
/// Its checkpoint commit is that swap with the step as decimal text, as <see cref="ILockHandle.CommitCheckpointAsync"/>'s
/// default says.
/// </summary>
internal interface IPooledLockHandle
{
    /// <summary><see cref="ILockHandle.FencedCompareAndSwapAsync"/>, awaited once.</summary>
    ValueTask<long?> FencedCompareAndSwapCoreAsync(string key, string value, long expectedRevision, CancellationToken cancellationToken);
}
