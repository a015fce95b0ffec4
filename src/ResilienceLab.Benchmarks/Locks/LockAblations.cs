using ResilienceLab.Coordination;

namespace ResilienceLab.Benchmarks.Locks;

/// <summary>
/// Uncontended lock cycles built from our store's calls with one part of <see cref="DistributedLock"/> taken away,
/// to measure what each part costs (valid only where each lock has one contender, so nobody waits):
/// <see cref="WithoutWatchAsync"/> makes the same three calls but opens no watch on the held key;
/// <see cref="TwoRoundTripsAsync"/> reads the queue inside the enqueue txn, as etcd's own Mutex recipe does.
/// </summary>
internal static class LockAblations
{
    /// <summary>Enqueue txn, queue read, guarded delete — DistributedLock's calls, minus the watch on its own key.</summary>
    public static async Task WithoutWatchAsync(IKeyValueStore store, long lease, string name, CancellationToken cancellationToken)
    {
        var key = $"{name}/{lease:x}";
        var enqueued = await store.TxnAsync(Enqueue(key, lease), cancellationToken);
        var queue = await store.GetAsync(name + "/", prefix: true, cancellationToken);
        var token = Head(enqueued, queue.Kvs);
        await store.TxnAsync(TxnRequest.If(Compare.CreateRevisionIs(key, CompareOperator.Equal, token)).Then(new TxnOp.Delete(key)), cancellationToken);
    }

    /// <summary>The queue read folded into the enqueue txn (both branches), then the guarded delete: two round trips.</summary>
    public static async Task TwoRoundTripsAsync(IKeyValueStore store, long lease, string name, CancellationToken cancellationToken)
    {
        var key = $"{name}/{lease:x}";
        var request = TxnRequest.If(Compare.Missing(key))
            .Then(new TxnOp.Put(key, "", lease), new TxnOp.Get(name + "/", Prefix: true))
            .Else(new TxnOp.Get(key), new TxnOp.Get(name + "/", Prefix: true));
        var enqueued = await store.TxnAsync(request, cancellationToken);
        var token = Head(enqueued, ((RangeResult)enqueued.Responses[1]).Kvs);
        await store.TxnAsync(TxnRequest.If(Compare.CreateRevisionIs(key, CompareOperator.Equal, token)).Then(new TxnOp.Delete(key)), cancellationToken);
    }

    private static TxnRequest Enqueue(string key, long lease) =>
        TxnRequest.If(Compare.Missing(key)).Then(new TxnOp.Put(key, "", lease)).Else(new TxnOp.Get(key));

    /// <summary>Our create revision, after checking that we head the queue (we are its only contender).</summary>
    private static long Head(TxnResult enqueued, IReadOnlyList<KeyValue> queue)
    {
        var own = enqueued.Succeeded ? enqueued.Revision : ((RangeResult)enqueued.Responses[0]).Single?.CreateRevision ?? 0;
        var head = queue.MinBy(kv => kv.CreateRevision);
        return head?.CreateRevision == own ? own : throw new InvalidOperationException("an ablation lock found another contender: it is only valid uncontended");
    }
}
