using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>What every suite gets: the options, the clock, a progress log, a per-run key prefix and store factories.</summary>
internal sealed class BenchmarkContext(BenchmarkOptions options, Action<string> log, CancellationToken cancellationToken)
{
    public BenchmarkOptions Options { get; } = options;

    public TimeProvider Time => Options.TimeProvider;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Keys of this run live under it, so runs against a shared etcd never meet.</summary>
    public string Prefix { get; } = $"/reslab-bench/{Guid.NewGuid():N}";

    /// <summary>CPU time of this process and of etcd, for the per-cycle CPU profile.</summary>
    public CpuMeter Cpu { get; } = new([.. options.EtcdProcessIds]);

    /// <summary>The seeded source of every random choice.</summary>
    public DeterministicRandom Random { get; } = new(options.Seed);

    /// <summary>The first etcd client URL (raw peers and etcdctl talk to it).</summary>
    public string Endpoint => Options.EtcdEndpoints[0];

    public void Log(string line) => log(line);

    /// <summary>A new client of our store on the benchmark's etcd (one per contender: separate processes have separate connections).</summary>
    public EtcdKeyValueStore CreateStore() =>
        new(new EtcdStoreOptions { Endpoints = Options.EtcdEndpoints.ToList(), TimeProvider = Time, Username = Options.EtcdUsername, Password = Options.EtcdPassword });

    /// <summary>A raw dotnet-etcd client of the peers on the first endpoint, authenticating as the store suites do.</summary>
    public dotnet_etcd.EtcdClient CreateRawClient() => RawEtcd.CreateClient(Endpoint, Options.EtcdUsername, Options.EtcdPassword);

    /// <summary>A session like every contender's, ours and the peers' alike.</summary>
    public Task<Session> CreateSessionAsync(IKeyValueStore store) =>
        Session.CreateAsync(store, new SessionOptions { Ttl = BenchmarkConstants.SessionTtl }, Time, CancellationToken);

    /// <summary>A token cancelled after <paramref name="timeout"/> or when the run is cancelled; bounds every wait.</summary>
    public Deadline Deadline(TimeSpan timeout) => new(timeout, Time, CancellationToken);
}
