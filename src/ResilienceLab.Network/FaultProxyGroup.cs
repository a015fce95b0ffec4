using ResilienceLab.Coordination;

namespace ResilienceLab.Network;

/// <summary>
/// One <see cref="FaultProxy"/> per (replica, upstream), so that each replica can be cut off from the store, or
/// slowed, independently of the others. A replica gets its proxies from <see cref="GetEndpoints"/> and connects
/// only through them; the chaos actions then act on all of that replica's proxies at once.
/// Thread-safe.
/// </summary>
public sealed class FaultProxyGroup : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<FaultProxy>> _byReplica = new(StringComparer.Ordinal);
    private readonly List<ProxyEndpoint> _upstreams;
    private readonly FaultProxyGroupOptions _options;
    private readonly DeterministicRandom _seeds;
    private readonly TimeProvider _time;
    private bool _disposed;

    /// <summary>Creates the group; proxies are started per replica by <see cref="GetEndpoints"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public FaultProxyGroup(FaultProxyGroupOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _upstreams = options.Upstreams.Select(ProxyEndpoint.Parse).ToList();
        _seeds = new DeterministicRandom(options.Seed);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A group over <paramref name="upstreams"/> with default options.</summary>
    public FaultProxyGroup(IEnumerable<string> upstreams, TimeProvider? timeProvider = null)
        : this(new FaultProxyGroupOptions { Upstreams = upstreams?.ToList() ?? throw new ArgumentNullException(nameof(upstreams)) }, timeProvider)
    {
    }

    /// <summary>The real endpoints, in the order given.</summary>
    public IReadOnlyList<string> Upstreams => _upstreams.Select(u => u.ToString()).ToList();

    /// <summary>The replicas that have proxies, in no particular order.</summary>
    public IReadOnlyList<string> Replicas
    {
        get
        {
            lock (_gate)
            {
                return _byReplica.Keys.ToList();
            }
        }
    }

    /// <summary>
    /// The endpoints <paramref name="replica"/> must use instead of <see cref="Upstreams"/>: one proxy per
    /// upstream, same order and form (<c>http://127.0.0.1:2379</c> becomes <c>http://127.0.0.1:&lt;proxy port&gt;</c>).
    /// Starts the proxies on the first call for a replica; later calls return the same endpoints.
    /// </summary>
    public IReadOnlyList<string> GetEndpoints(string replica) =>
        GetOrStart(replica).Select((proxy, i) => _upstreams[i].WithAddress("127.0.0.1", proxy.Port).ToString()).ToList();

    /// <summary>The proxies of <paramref name="replica"/>, one per upstream in order (for per-member faults).</summary>
    /// <exception cref="KeyNotFoundException">The replica has no proxies yet.</exception>
    public IReadOnlyList<FaultProxy> GetProxies(string replica) => Find(replica);

    /// <summary>Cuts <paramref name="replica"/> off every upstream: its connections hang (see <see cref="FaultProxy.Blackhole"/>).</summary>
    public void Partition(string replica) => ForEach(replica, p => p.Blackhole());

    /// <summary>Adds one-way <paramref name="latency"/> ± <paramref name="jitter"/> to the replica's traffic (see <see cref="FaultProxy.SetLatency"/>).</summary>
    public void SetLatency(string replica, TimeSpan latency, TimeSpan jitter = default, ProxyDirection direction = ProxyDirection.Both) =>
        ForEach(replica, p => p.SetLatency(latency, jitter, direction));

    /// <summary>Resets the replica's connections and keeps resetting new ones until healed (see <see cref="FaultProxy.Reset"/>).</summary>
    public void Reset(string replica) => ForEach(replica, p => p.Reset());

    /// <summary>Removes every fault and latency from the replica's proxies.</summary>
    public void Heal(string replica) => ForEach(replica, p => p.Heal());

    /// <summary>Removes every fault and latency from every proxy.</summary>
    public void HealAll()
    {
        foreach (var proxy in Snapshot())
        {
            proxy.Heal();
        }
    }

    /// <summary>The replica's proxies' counters, summed.</summary>
    public FaultProxyStatistics GetStatistics(string replica) =>
        Find(replica).Select(p => p.GetStatistics()).Aggregate(new FaultProxyStatistics(), FaultProxyStatistics.Add);

    /// <summary>Disposes every proxy (stops listening, resets connections).</summary>
    public async ValueTask DisposeAsync()
    {
        List<FaultProxy> proxies;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            proxies = _byReplica.Values.SelectMany(p => p).ToList();
            _byReplica.Clear();
        }

        foreach (var proxy in proxies)
        {
            await proxy.DisposeAsync();
        }
    }

    private IReadOnlyList<FaultProxy> GetOrStart(string replica)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replica);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byReplica.TryGetValue(replica, out var existing))
            {
                return existing;
            }

            var proxies = new List<FaultProxy>(_upstreams.Count);
            try
            {
                foreach (var upstream in _upstreams)
                {
                    var name = $"{replica}→{upstream.Host}:{upstream.Port}";
                    proxies.Add(FaultProxy.Start(
                        new FaultProxyOptions
                        {
                            Name = name,
                            UpstreamHost = upstream.Host,
                            UpstreamPort = upstream.Port,
                            ConnectTimeout = _options.ConnectTimeout,
                            Seed = _seeds.Fork(name).Seed,
                        },
                        _time));
                }
            }
            catch
            {
                // Rare (a bind failure): a proxy with no connections only waits for its accept loop to see the closed listener.
                foreach (var started in proxies)
                {
                    started.DisposeAsync().AsTask().GetAwaiter().GetResult();
                }

                throw;
            }

            _byReplica[replica] = proxies;
            return proxies;
        }
    }

    private IReadOnlyList<FaultProxy> Find(string replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_byReplica.TryGetValue(replica, out var proxies))
            {
                return proxies;
            }

            var known = _byReplica.Count == 0 ? "none yet" : string.Join(", ", _byReplica.Keys.Order(StringComparer.Ordinal));
            throw new KeyNotFoundException(
                $"Replica '{replica}' has no fault proxies (replicas with proxies: {known}). Call GetEndpoints(\"{replica}\") when the replica starts, and connect it through those endpoints.");
        }
    }

    private void ForEach(string replica, Action<FaultProxy> action)
    {
        foreach (var proxy in Find(replica))
        {
            action(proxy);
        }
    }

    private List<FaultProxy> Snapshot()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _byReplica.Values.SelectMany(p => p).ToList();
        }
    }
}
