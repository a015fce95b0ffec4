namespace ResilienceLab.Coordination;

/// <summary>
/// A store that answers the recipes' hottest calls (a read and a txn) as a <see cref="ValueTask{TResult}"/> over the
/// request itself, without a task per call: the simulated store, whose request object already carries the reply. The
/// recipes await it with <c>ConfigureAwait(false)</c>: such a store completes a call on the caller's context, so the
/// caller resumes at once where it was, as a plain await of its task would have (the rule in <see cref="PooledCores"/>).
/// Any other store is called through <see cref="IKeyValueStore"/>.
/// </summary>
internal interface IDirectKeyValueStore
{
    /// <summary><see cref="IKeyValueStore.GetAsync"/>, awaited once.</summary>
    ValueTask<RangeResult> GetDirectAsync(string key, bool prefix, CancellationToken cancellationToken);

    /// <summary><see cref="IKeyValueStore.TxnAsync"/>, awaited once.</summary>
    ValueTask<TxnResult> TxnDirectAsync(TxnRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Watches <paramref name="key"/> from now (<paramref name="created"/> hears the watch confirmed, as
    /// <see cref="IKeyValueStore.WatchAsync"/>'s) until it is deleted: true then; false when the watch ended without the
    /// delete, including when <paramref name="cancellationToken"/> stopped it, which <see cref="IKeyValueStore.WatchAsync"/>
    /// reports by throwing. Awaited once, plainly (its events arrive as the stream's would).
    /// </summary>
    ValueTask<bool> WatchForDeleteAsync(string key, Action<long> created, CancellationToken cancellationToken);
}

/// <summary>How the recipes call a store: directly when it answers so, else through its tasks.</summary>
internal static class DirectKeyValueStore
{
    /// <summary>A read, awaited once with <c>ConfigureAwait(false)</c>.</summary>
    public static ValueTask<RangeResult> GetDirectAsync(this IKeyValueStore store, string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        store is IDirectKeyValueStore direct ? direct.GetDirectAsync(key, prefix, cancellationToken) : PooledCores.Resumed(store.GetAsync(key, prefix, cancellationToken));

    /// <summary>A txn, awaited once with <c>ConfigureAwait(false)</c>.</summary>
    public static ValueTask<TxnResult> TxnDirectAsync(this IKeyValueStore store, TxnRequest request, CancellationToken cancellationToken = default) =>
        store is IDirectKeyValueStore direct ? direct.TxnDirectAsync(request, cancellationToken) : PooledCores.Resumed(store.TxnAsync(request, cancellationToken));
}
