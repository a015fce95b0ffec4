namespace ResilienceLab.Coordination;

/// <summary>
/// The etcd backend: etcd's concurrency recipes (<see cref="Session"/>, <see cref="DistributedLock"/>,
/// <see cref="LeaderElection"/>, <see cref="CasRegister"/>) over any <see cref="IKeyValueStore"/> with etcd v3
/// semantics — the real etcd adapter or the simulated twin. Tokens and terms are create revisions and every
/// revision is etcd's one store-wide revision, so all of them are comparable with each other.
/// </summary>
/// <remarks>Owns <paramref name="store"/> only when <paramref name="ownsStore"/>: disposing the backend then disposes it.</remarks>
public sealed class EtcdCoordinationBackend(IKeyValueStore store, TimeProvider timeProvider, bool ownsStore = false) : ICoordinationBackend
{
    /// <summary>The name plans and reports use.</summary>
    public const string BackendKind = "etcd";

    /// <summary>The store the recipes run on.</summary>
    public IKeyValueStore Store { get; } = store;

    /// <inheritdoc />
    public string Kind => BackendKind;

    /// <inheritdoc />
    public async Task<ICoordinationSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken = default) =>
        await Session.CreateAsync(Store, options, timeProvider, cancellationToken);

    /// <inheritdoc />
    public async Task<StoreSnapshot> ReadAsync(string key, CancellationToken cancellationToken = default) =>
        ToSnapshot(await Store.GetDirectAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<StoreSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default) =>
        ToSnapshot(await Store.GetDirectAsync(prefix, prefix: true, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<long> PutAsync(string key, string value, CancellationToken cancellationToken = default) =>
        (await Store.PutAsync(key, value, cancellationToken: cancellationToken)).Revision;

    /// <inheritdoc />
    public ICasRegister Register(string key) => new CasRegister(Store, key);

    /// <summary>The head of the queue <c>&lt;name&gt;/…</c>: the key with the lowest create revision.</summary>
    public async Task<LockHolder?> HolderAsync(string name, CancellationToken cancellationToken = default)
    {
        var trimmed = name.TrimEnd('/');
        var queue = await Store.GetDirectAsync(trimmed + "/", prefix: true, cancellationToken).ConfigureAwait(false);
        var head = queue.Kvs.MinBy(kv => kv.CreateRevision);
        return head is null ? null : new LockHolder(trimmed, head.Key, head.Value, head.CreateRevision, queue.Revision);
    }

    /// <summary>The head of every queue under <paramref name="prefix"/> (a queue is the keys that share all but their last segment).</summary>
    public async Task<IReadOnlyList<LockHolder>> HoldersAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var all = await Store.GetDirectAsync(prefix, prefix: true, cancellationToken).ConfigureAwait(false);
        return [.. all.Kvs
            .Where(kv => kv.Key.LastIndexOf('/') > 0)
            .GroupBy(kv => kv.Key[..kv.Key.LastIndexOf('/')], StringComparer.Ordinal)
            .Select(queue => (Name: queue.Key, Head: queue.MinBy(kv => kv.CreateRevision)!))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .Select(q => new LockHolder(q.Name, q.Head.Key, q.Head.Value, q.Head.CreateRevision, all.Revision))];
    }

    /// <inheritdoc />
    public IAsyncEnumerable<LeaderInfo?> ObserveLeaderAsync(string name, CancellationToken cancellationToken = default) =>
        LeaderElection.ObserveAsync(Store, name, timeProvider, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ownsStore ? Store.DisposeAsync() : ValueTask.CompletedTask;

    private static StoreSnapshot ToSnapshot(RangeResult result)
    {
        // An index loop into an array of the exact size (no iterator, no growing list): every read of every replica comes here.
        var kvs = result.Kvs;
        if (kvs.Count == 0)
        {
            return new StoreSnapshot(result.Revision, []);
        }

        var entries = new StoreEntry[kvs.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = new StoreEntry(kvs[i].Key, kvs[i].Value, kvs[i].ModRevision);
        }

        return new StoreSnapshot(result.Revision, entries);
    }
}
