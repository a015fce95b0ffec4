using ResilienceLab.Coordination.Etcd;

using ResilienceLab.Hosting;

namespace ResilienceLab.TestSupport;

/// <summary>
/// One real single-member etcd (the Debian binary on free loopback ports, started by the one launcher,
/// <see cref="EtcdCluster"/>; fast failure detection: 1 s minimum lease TTL, so a take-over takes about a second) as a
/// class or collection fixture; killed and its directory deleted after the run. Tests that share it keep their keys
/// under their own prefix. Fails with the install command when etcdctl is not on PATH (a skipped test would prove
/// nothing).
/// </summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private EtcdCluster? _cluster;

    /// <summary>The running etcd.</summary>
    public EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("The etcd fixture has not started.");

    /// <summary>Its client URLs.</summary>
    public IReadOnlyList<string> Endpoints => Cluster.ClientEndpoints;

    /// <summary>Its (first) client port.</summary>
    public int ClientPort => new Uri(Endpoints[0]).Port;

    /// <summary>A new client (the caller disposes it), with a short call timeout so a broken test fails fast.</summary>
    public EtcdKeyValueStore CreateStore(Action<EtcdStoreOptions>? configure = null) =>
        Cluster.CreateStore(options =>
        {
            options.CallTimeout = TimeSpan.FromSeconds(3);
            configure?.Invoke(options);
        });

    public async Task InitializeAsync()
    {
        _ = ChildProcess.ResolveProgram("etcdctl") ?? throw new InvalidOperationException("etcdctl is not on PATH: apt-get install -y etcd-client (eng/test.sh installs it).");
        _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true });
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
