using ResilienceLab.Hosting;

namespace ResilienceLab.Benchmarks.Tests;

/// <summary>
/// One real single-member etcd for the benchmark tests, with fast failure detection so that a 1 s lease TTL is
/// honoured and a take-over trial lasts about a second. Killed and deleted after the run.
/// </summary>
public sealed class BenchEtcdFixture : IAsyncLifetime
{
    private EtcdCluster? _cluster;

    public EtcdCluster Cluster => _cluster ?? throw new InvalidOperationException("The etcd fixture has not started.");

    public async Task InitializeAsync() => _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true });

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
