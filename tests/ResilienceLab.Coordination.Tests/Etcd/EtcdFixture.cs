using ResilienceLab.Coordination.Etcd;

using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>
/// One real single-member etcd (the Debian binary, fast failure detection: 1 s minimum lease TTL) for every
/// test in <see cref="EtcdCollection"/>; killed and its directory deleted after the run.
/// Tests share it, so each keeps its keys under its own prefix.
/// </summary>
public sealed class EtcdFixture : IAsyncLifetime
{
    private EtcdCluster? _cluster;

    /// <summary>The running etcd.</summary>
    public EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("The etcd fixture has not started.");

    /// <summary>Its client URLs.</summary>
    public IReadOnlyList<string> Endpoints => Cluster.ClientEndpoints;

    /// <summary>A new client (the caller disposes it), with a short call timeout so a broken test fails fast.</summary>
    public EtcdKeyValueStore CreateStore(Action<EtcdStoreOptions>? configure = null) =>
        Cluster.CreateStore(options =>
        {
            options.CallTimeout = TimeSpan.FromSeconds(3);
            configure?.Invoke(options);
        });

    public async Task InitializeAsync() => _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
