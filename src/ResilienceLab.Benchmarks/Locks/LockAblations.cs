using ResilienceLab.Coordination;

namespace ResilienceLab.Benchmarks.Locks;

/// <summary>
/// Uncontended lock cycles with one part of <see cref="DistributedLock"/> changed, to measure what that part costs
/// (valid only where each lock has one contender, so nobody waits):
/// <see cref="WithLostWatchAsync"/> reads <see cref="LockHandle.Lost"/> each cycle, which arms the watch on the holder
/// key (what a worker that reacts to losing its lock pays); <see cref="PlainDeleteAsync"/> makes DistributedLock's
/// enqueue txn but releases with a plain delete, as etcd's Mutex.Unlock does, instead of the delete guarded by the
/// fencing token.
/// </summary>
internal static class LockAblations
{
    /// <summary>Our lock, with <see cref="LockHandle.Lost"/> read while held.</summary>
    public static async Task WithLostWatchAsync(DistributedLock distributedLock, CancellationToken cancellationToken)
    {
        var handle = await distributedLock.AcquireAsync(cancellationToken);
        _ = handle.Lost;
        await handle.ReleaseAsync(cancellationToken);
    }

    /// <summary>The enqueue txn that also reads the queue, then an unguarded delete of the key.</summary>
    public static async Task PlainDeleteAsync(IKeyValueStore store, long lease, string name, CancellationToken cancellationToken)
    {
        var key = $"{name}/{lease:x}";
        var request = TxnRequest.If(Compare.Missing(key))
            .Then(new TxnOp.Put(key, "", lease), new TxnOp.Get(name + "/", Prefix: true))
            .Else(new TxnOp.Get(key), new TxnOp.Get(name + "/", Prefix: true));
        var enqueued = await store.TxnAsync(request, cancellationToken);
        var own = enqueued.Succeeded ? enqueued.Revision : ((RangeResult)enqueued.Responses[0]).Single?.CreateRevision ?? 0;
        if (((RangeResult)enqueued.Responses[1]).Kvs.MinBy(kv => kv.CreateRevision)?.CreateRevision != own)
        {
            throw new InvalidOperationException("an ablation lock found another contender: it is only valid uncontended");
        }

        await store.DeleteAsync(key, cancellationToken: cancellationToken);
    }
}
