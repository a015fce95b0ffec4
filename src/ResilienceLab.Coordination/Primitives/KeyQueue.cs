namespace ResilienceLab.Coordination;

/// <summary>
/// The queue under etcd's Mutex and Election recipes: each contender owns <c>&lt;prefix&gt;/&lt;lease id hex&gt;</c>
/// bound to its session's lease; the key with the lowest create revision is at the head. Shared by
/// <see cref="DistributedLock"/> and <see cref="LeaderElection"/> so both interoperate with etcdctl.
/// </summary>
internal static class KeyQueue
{
    /// <summary>The contender's key for a session, exactly as etcdctl lock / elect name it.</summary>
    public static string KeyFor(string prefix, long leaseId) => $"{prefix}/{leaseId:x}";

    /// <summary>
    /// Creates the contender's key if it is missing (or finds it if this session already queued), and returns its
    /// create revision and the revision the queue was read at. Idempotent, so an indeterminate outcome is retried.
    /// </summary>
    public static async Task<(long CreateRevision, long Revision)> EnqueueAsync(Session session, string key, string value, CancellationToken cancellationToken)
    {
        var request = TxnRequest.If(Compare.Missing(key))
            .Then(new TxnOp.Put(key, value, session.LeaseId))
            .Else(new TxnOp.Get(key));
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await session.Store.TxnAsync(request, cancellationToken);
                var createRevision = result.Succeeded ? result.Revision : ((RangeResult)result.Responses[0]).Single?.CreateRevision ?? 0;
                if (createRevision == 0)
                {
                    throw new SessionExpiredException(session.LeaseId, $"queue key '{key}' vanished while being created");
                }

                return (createRevision, result.Revision);
            }
            catch (IndeterminateOutcomeException)
            {
                // The create-if-missing txn is idempotent: ask again to learn whether it applied.
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), session.TimeProvider, cancellationToken);
            }
        }
    }

    /// <summary>The head of the queue (lowest create revision), or null when it is empty.</summary>
    public static async Task<KeyValue?> HeadAsync(IKeyValueStore store, string prefix, CancellationToken cancellationToken)
    {
        var all = await store.GetAsync(prefix + "/", prefix: true, cancellationToken);
        return all.Kvs.MinBy(kv => kv.CreateRevision);
    }

    /// <summary>
    /// Waits until every key queued before <paramref name="createRevision"/> is deleted, watching only the
    /// immediate predecessor each time (no thundering herd when the head goes).
    /// </summary>
    public static async Task WaitForPredecessorsAsync(IKeyValueStore store, string prefix, long createRevision, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            KeyValue? predecessor;
            long revision;
            try
            {
                var all = await store.GetAsync(prefix + "/", prefix: true, cancellationToken);
                predecessor = all.Kvs.Where(kv => kv.CreateRevision < createRevision).MaxBy(kv => kv.CreateRevision);
                revision = all.Revision;
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
                continue;
            }

            if (predecessor is null)
            {
                return;
            }

            await WaitDeletedAsync(store, predecessor.Key, revision + 1, timeProvider, cancellationToken);
        }
    }

    /// <summary>Returns when <paramref name="key"/> is deleted at or after <paramref name="fromRevision"/>.</summary>
    public static async Task WaitDeletedAsync(IKeyValueStore store, string key, long fromRevision, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await foreach (var e in store.WatchAsync(key, prefix: false, fromRevision, cancellationToken))
                {
                    if (e.Type == WatchEventType.Delete)
                    {
                        return;
                    }

                    fromRevision = e.Kv.ModRevision + 1;
                }

                // The stream ended without the delete (store closing): re-check by watching again.
                cancellationToken.ThrowIfCancellationRequested();
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken);
            }
        }
    }

    /// <summary>Deletes the contender's key if it is still ours (best effort cleanup after a cancelled wait).</summary>
    public static async Task TryDequeueAsync(IKeyValueStore store, string key, long createRevision)
    {
        try
        {
            await store.TxnAsync(TxnRequest.If(Compare.CreateRevisionIs(key, CompareOperator.Equal, createRevision)).Then(new TxnOp.Delete(key)));
        }
        catch (StoreException)
        {
            // The key is bound to the lease; it goes when the session does.
        }
    }
}
