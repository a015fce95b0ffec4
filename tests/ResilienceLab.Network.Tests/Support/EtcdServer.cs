using ResilienceLab.Hosting;

namespace ResilienceLab.Network.Tests.Support;

/// <summary>
/// One real single-member etcd on free loopback ports, started by the project's one etcd launcher
/// (<see cref="EtcdCluster"/>: its own temp directory, the last lines of its output on failure, killed with the test
/// process), as a class fixture. Fails with the install command when etcdctl is not on PATH (a skipped test would
/// prove nothing).
/// </summary>
public sealed class EtcdServer : IAsyncLifetime
{
    private EtcdCluster? _cluster;

    /// <summary>The client port.</summary>
    public int ClientPort { get; private set; }

    public async Task InitializeAsync()
    {
        _ = ChildProcess.ResolveProgram("etcdctl") ?? throw new InvalidOperationException("etcdctl is not on PATH: apt-get install -y etcd-client (eng/test.sh installs it).");
        _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1 });
        ClientPort = new Uri(_cluster.ClientEndpoints[0]).Port;
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
