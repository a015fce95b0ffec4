namespace ResilienceLab.Coordination;

/// <summary>
/// One client's connection to a coordination store, as the workers and the chaos controller use it: plain reads and
/// writes of keys, compare-and-swap registers, who holds a lock or leads an election, and sessions that carry locks
/// and candidacies. Implementations: <see cref="EtcdCoordinationBackend"/> (etcd's concurrency recipes over any
/// <see cref="IKeyValueStore"/> — a real etcd or the simulated twin) and the NATS JetStream key-value backend
/// (ResilienceLab.Coordination.Nats).
/// </summary>
/// <remarks>
/// <para>Errors are the store's: <see cref="StoreUnavailableException"/> when a request certainly did not apply,
/// <see cref="IndeterminateOutcomeException"/> when a mutating request was sent and its reply lost.</para>
/// <para>Revisions order the writes of one key on every backend; whether they are comparable across keys, and what a
/// fencing token is, depends on the backend (see docs/etcd-vs-nats.md).</para>
/// </remarks>
public interface ICoordinationBackend : IAsyncDisposable
{
    /// <summary>The backend's name as plans and reports spell it: <c>etcd</c> or <c>nats</c>.</summary>
    string Kind { get; }

    /// <summary>Opens a session for locks and candidacies with the given TTL; the caller disposes (or closes) it.</summary>
    Task<ICoordinationSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken = default);

    /// <summary>Reads one key (at most one entry).</summary>
    Task<StoreSnapshot> ReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Reads every key that starts with <paramref name="prefix"/>, sorted by key.</summary>
    Task<StoreSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Writes a key unconditionally (no fence, no compare); returns the revision it committed at.</summary>
    Task<long> PutAsync(string key, string value, CancellationToken cancellationToken = default);

    /// <summary>A compare-and-swap register on <paramref name="key"/>.</summary>
    ICasRegister Register(string key);

    /// <summary>A counter on <paramref name="key"/> incremented with compare-and-swap; <paramref name="retry"/> backs off on conflict (<see cref="CasRetry.OnConflict"/>).</summary>
    ICasCounter Counter(string key, Polly.ResiliencePipeline<(string, long)?> retry) => new CasCounter(Register(key), retry);

    /// <summary>Who holds the lock, or leads the election, called <paramref name="name"/>; null when nobody does.</summary>
    Task<LockHolder?> HolderAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>The holder of every lock (or election) whose name starts with <paramref name="prefix"/>, sorted by name.</summary>
    Task<IReadOnlyList<LockHolder>> HoldersAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Streams the leader of the election <paramref name="name"/> each time it (or its proclamation) changes, starting with the current one; null when nobody leads.</summary>
    IAsyncEnumerable<LeaderInfo?> ObserveLeaderAsync(string name, CancellationToken cancellationToken = default);
}
