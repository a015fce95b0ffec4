namespace ResilienceLab.Coordination;

/// <summary>
/// The library's own counter as its recording wrapper calls it: <see cref="ICasCounter.IncrementAsync"/> as a pooled
/// <see cref="ValueTask{TResult}"/>, awaited once (the rule in <see cref="PooledCores"/>).
/// </summary>
internal interface IPooledCasCounter
{
    /// <summary><see cref="ICasCounter.IncrementAsync"/>, awaited once.</summary>
    ValueTask<(long Value, long Revision)> IncrementCoreAsync(CancellationToken cancellationToken);
}
