using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>
/// The in-memory MVCC twin of an etcd cluster (the server side). Every mutation bumps one revision, keys
/// carry create / mod revision, version and lease; leases expire in the <see cref="TimeProvider"/>'s time,
/// checked every <see cref="SimulatedStoreOptions.LeaseCheckInterval"/> like etcd's lessor; watches replay
/// from any past revision (nothing is compacted). Clients are made with <see cref="CreateClient"/>; each
/// carries its own network faults. The contract suite runs the same tests against this and a real etcd.
/// </summary>
public sealed partial class SimulatedStore : IDisposable
{
    private readonly Lock _gate = new();
    // Sorted by key (ordinal), as etcd's index: a prefix range is a binary search for its first key and a walk while
    // keys still match, where a tree's enumeration allocated and visited every key.
    private readonly SortedList<string, KeyValue> _keys = new(StringComparer.Ordinal);
    private readonly List<(long Revision, WatchEvent Event)> _log = [];
    private readonly Dictionary<long, LeaseState> _leases = [];
    private readonly List<Watcher> _watchers = [];
    // The last result of each key and prefix read (see RangeLocked), for at most this many of them.
    private const int MaxRememberedRanges = 1024;

    private readonly Dictionary<(string Key, bool Prefix), (long Writes, RangeResult Result)> _ranges = [];
    private List<WatchEvent>? _pending;

    // Every change to the keys counts here (a put, each key a delete removes): what the remembered reads are checked against.
    private long _writes;
    private readonly DeterministicRandom _random;
    private readonly ITimer _lessor;
    private long _revision = 1;
    private bool _disposed;

    public SimulatedStore(TimeProvider timeProvider, SimulatedStoreOptions? options = null)
    {
        Options = options ?? new SimulatedStoreOptions();
        Options.Validate();
        TimeProvider = timeProvider;
        _random = new DeterministicRandom(Options.Seed).Fork("leases");
        _lessor = timeProvider.CreateTimer(_ => ExpireLeases(), null, Options.LeaseCheckInterval, Options.LeaseCheckInterval);
    }

    /// <summary>The server's settings.</summary>
    public SimulatedStoreOptions Options { get; }

    /// <summary>The store's clock (lease expiry).</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The current revision (etcd starts at 1).</summary>
    public long Revision
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>
    /// Where in-flight requests run in a <see cref="SimulationLoop"/> (its root context), so a request already on
    /// the wire still applies when its sender is paused or killed. Null outside a simulation loop.
    /// </summary>
    public SynchronizationContext? NetworkContext { get; set; }

    /// <summary>Whether the store is down (every call fails as unavailable, nothing expires); models quorum loss.</summary>
    public bool Unavailable { get; set; }

    /// <summary>Creates a client; <paramref name="clientName"/> names it in errors and fault hooks.</summary>
    public SimulatedKeyValueStore CreateClient(string clientName, SimulatedClientOptions? options = null, TimeProvider? clientClock = null, DeterministicRandom? random = null) =>
        new(this, clientName, options ?? new SimulatedClientOptions(), clientClock ?? TimeProvider, random ?? new DeterministicRandom(Options.Seed).Fork("client:" + clientName));

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _lessor.Dispose();
            foreach (var watcher in _watchers)
            {
                watcher.Stream.Complete();
            }

            _watchers.Clear();
        }
    }

    private sealed class LeaseState(long id, TimeSpan ttl, long expiresAt)
    {
        public long Id { get; } = id;

        public TimeSpan Ttl { get; } = ttl;

        public long ExpiresAt { get; set; } = expiresAt;

        public SortedSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }

    private sealed class Watcher(string key, bool prefix, long minRevision, WatchStream stream)
    {
        /// <summary>Events before this revision are not delivered (a watch started from a future revision).</summary>
        public long MinRevision { get; } = minRevision;

        public string Key { get; } = key;

        public bool Prefix { get; } = prefix;

        public WatchStream Stream { get; } = stream;

        public bool Matches(string key) => Prefix ? key.StartsWith(Key, StringComparison.Ordinal) : key == Key;
    }
}
