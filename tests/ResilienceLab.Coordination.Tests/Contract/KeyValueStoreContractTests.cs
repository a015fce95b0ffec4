namespace ResilienceLab.Coordination.Tests.Contract;

/// <summary>
/// The one contract of <see cref="IKeyValueStore"/>: etcd v3's observable semantics, pinned against a real
/// etcd (<c>EtcdKeyValueStoreContractTests</c>) so that an in-memory twin deriving from this class cannot drift.
/// Every key lives under <see cref="KeyPrefix"/>, so the suite can share one store with other tests.
/// </summary>
/// <remarks>
/// Split by concern: <c>.Kv.cs</c> (range, put, delete, revisions), <c>.Txn.cs</c>, <c>.Compare.cs</c>,
/// <c>.Lease.cs</c>, <c>.Watch.cs</c>. A store must not change revisions behind the suite's back while a test
/// runs (tests that assert exact revisions assume no concurrent writer on the same store).
/// </remarks>
public abstract partial class KeyValueStoreContractTests : IAsyncLifetime
{
    private readonly List<IKeyValueStore> _stores = [];
    private readonly List<long> _leases = [];
    private IKeyValueStore? _store;

    /// <summary>A new client on a fresh or shared store.</summary>
    protected abstract Task<IKeyValueStore> CreateStoreAsync();

    /// <summary>A unique prefix per test (e.g. a Guid), under which the test puts all its keys.</summary>
    protected abstract string KeyPrefix { get; }

    /// <summary>Lets <paramref name="by"/> pass: real time for etcd, virtual time for a simulated store.</summary>
    protected abstract Task AdvanceAsync(TimeSpan by);

    /// <summary>The smallest lease TTL the store grants (etcd: ceil(1.5 × election timeout); the test etcd runs with 300 ms).</summary>
    protected virtual TimeSpan MinimumLeaseTtl => TimeSpan.FromSeconds(1);

    /// <summary>How long after its TTL an unrenewed lease's keys are surely gone (etcd's lessor checks every 500 ms).</summary>
    protected virtual TimeSpan LeaseExpirySlack => TimeSpan.FromSeconds(1.5);

    /// <summary>Bounds a wait for watch events, so a missing event fails the test instead of hanging it.</summary>
    protected virtual CancellationTokenSource CreateWatchTimeout() => new(TimeSpan.FromSeconds(10), TimeProvider.System);

    /// <summary>The client most tests use, created before each test.</summary>
    protected IKeyValueStore Store => _store ?? throw new InvalidOperationException("InitializeAsync has not run.");

    public virtual async Task InitializeAsync() => _store = await NewStoreAsync();

    public virtual async Task DisposeAsync()
    {
        // Leases left behind would expire during a later test and bump the revision it is counting.
        foreach (var lease in _leases)
        {
            try
            {
                await Store.RevokeLeaseAsync(lease);
            }
            catch (LeaseNotFoundException)
            {
                // Already revoked or expired by the test.
            }
        }

        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    /// <summary>Another client, disposed after the test.</summary>
    protected async Task<IKeyValueStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    /// <summary>The full key of <paramref name="name"/> under this test's prefix.</summary>
    protected string K(string name) => KeyPrefix + name;

    /// <summary>The store's current revision (the header revision of a read).</summary>
    protected async Task<long> CurrentRevisionAsync() => (await Store.GetAsync(K("~revision-probe"))).Revision;

    /// <summary>Grants a lease that is revoked after the test if it still exists.</summary>
    protected async Task<LeaseGrant> GrantAsync(TimeSpan ttl)
    {
        var grant = await Store.GrantLeaseAsync(ttl);
        _leases.Add(grant.Id);
        return grant;
    }

    /// <summary>The first <paramref name="count"/> events of a watch, or a failed test after the watch timeout.</summary>
    protected async Task<IReadOnlyList<WatchEvent>> CollectAsync(string key, bool prefix, long startRevision, int count)
    {
        using var timeout = CreateWatchTimeout();
        var events = new List<WatchEvent>();
        try
        {
            await foreach (var change in Store.WatchAsync(key, prefix, startRevision, cancellationToken: timeout.Token))
            {
                events.Add(change);
                if (events.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            Assert.Fail($"Watch on '{key}' (prefix {prefix}) from revision {startRevision} delivered {events.Count} of {count} events before the timeout: {string.Join(", ", events)}.");
        }

        return events;
    }

    protected static WatchEvent PutEvent(KeyValue kv) => new(WatchEventType.Put, kv);

    /// <summary>A delete event as etcd reports it: the key and the delete's revision, every other field empty.</summary>
    protected static WatchEvent DeleteEvent(string key, long revision) => new(WatchEventType.Delete, new KeyValue(key, "", 0, revision, 0, 0));
}
