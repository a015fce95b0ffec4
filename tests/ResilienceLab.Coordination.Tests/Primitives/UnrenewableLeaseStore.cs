namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>
/// A client whose lease renewals never get through, while the server keeps its leases far longer than the client was
/// told: its session declares itself lost after the TTL it asked for while its lease, and every key bound to it, live on
/// (a client that lost every keep-alive reply, as a simulated replica under lost store replies does). A txn's reply can
/// be held back until a token fires (<see cref="TxnRepliesWaitFor"/>). Everything else goes to <paramref name="inner"/>.
/// </summary>
internal sealed class UnrenewableLeaseStore(IKeyValueStore inner) : IKeyValueStore
{
    /// <summary>How much longer than asked the server keeps a lease.</summary>
    private const int ServerTtlFactor = 20;

    public Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) => inner.GetAsync(key, prefix, cancellationToken);

    public Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, lease, cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, prefix, cancellationToken);

    /// <summary>When set, a txn applies at once but its reply comes only once this has fired (whatever the caller's token says).</summary>
    public CancellationToken TxnRepliesWaitFor { get; set; }

    public async Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default)
    {
        var result = await inner.TxnAsync(request, cancellationToken);
        if (TxnRepliesWaitFor.CanBeCanceled && !TxnRepliesWaitFor.IsCancellationRequested)
        {
            var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (TxnRepliesWaitFor.Register(() => fired.TrySetResult()))
            {
                await fired.Task;
            }
        }

        return result;
    }

    public async Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) =>
        (await inner.GrantLeaseAsync(ttl * ServerTtlFactor, cancellationToken)) with { Ttl = ttl };

    public Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default) =>
        Task.FromException<TimeSpan>(new StoreUnavailableException("keep-alive lost (UnrenewableLeaseStore)"));

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) => inner.RevokeLeaseAsync(leaseId, cancellationToken);

    public Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default) => inner.TimeToLiveAsync(leaseId, cancellationToken);

    public IAsyncEnumerable<WatchEvent> WatchAsync(string key, bool prefix = false, long startRevision = 0, Action<long>? created = null, CancellationToken cancellationToken = default) =>
        inner.WatchAsync(key, prefix, startRevision, created, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
