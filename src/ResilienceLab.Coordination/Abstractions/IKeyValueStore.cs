namespace ResilienceLab.Coordination;

/// <summary>
/// A client of a key-value store with etcd v3 semantics (MVCC revisions, leases, txns, watches).
/// One instance is one client: fault injection (partition, latency, lost replies) applies per instance.
/// </summary>
/// <remarks>
/// Errors: <see cref="StoreUnavailableException"/> when a request certainly did not apply;
/// <see cref="IndeterminateOutcomeException"/> when a mutating request was sent and its reply lost;
/// <see cref="LeaseNotFoundException"/> for an expired or revoked lease.
/// </remarks>
public interface IKeyValueStore : IAsyncDisposable
{
    /// <summary>Reads a key, or every key starting with <paramref name="key"/> when <paramref name="prefix"/>, sorted by key.</summary>
    Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default);

    /// <summary>Writes a key, bound to <paramref name="lease"/> when not 0.</summary>
    Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key, or every key starting with it when <paramref name="prefix"/>.</summary>
    Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default);

    /// <summary>Runs a txn atomically.</summary>
    Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default);

    /// <summary>Grants a lease. The server may round the TTL up to its minimum.</summary>
    Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Renews a lease once; returns the TTL it was renewed to. Throws <see cref="LeaseNotFoundException"/> if it is gone.</summary>
    Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>Revokes a lease and deletes every key bound to it. Revoking a missing lease throws <see cref="LeaseNotFoundException"/>.</summary>
    Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>A lease's remaining time to live and its keys.</summary>
    Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the changes of a key (or prefix) from <paramref name="startRevision"/> (0 = from now on),
    /// in revision order, until cancelled. Events of one revision come in the order the txn's operations ran; a prefix
    /// delete and a lease's expiry delete their keys in key order.
    /// </summary>
    /// <param name="key">The key, or the prefix when <paramref name="prefix"/>.</param>
    /// <param name="prefix">Watch every key starting with <paramref name="key"/>.</param>
    /// <param name="startRevision">The first revision to stream (0: changes after the watch is created).</param>
    /// <param name="created">
    /// Called once, when the store has confirmed the watch (etcd's "created" reply), with the store's revision at that
    /// moment: every change after it will be streamed. A read issued after this call therefore cannot miss a change that
    /// the watch misses — the watch-then-read pattern that lets a waiter watch "from now" (etcd serves such a watcher
    /// from its synced group at once, while one starting at a past revision waits up to 100 ms for the unsynced catch-up).
    /// </param>
    /// <param name="cancellationToken">Ends the stream.</param>
    IAsyncEnumerable<WatchEvent> WatchAsync(string key, bool prefix = false, long startRevision = 0, Action<long>? created = null, CancellationToken cancellationToken = default);
}
