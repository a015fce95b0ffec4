using ResilienceLab.Network.Tests.Support;

namespace ResilienceLab.Network.Tests;

public sealed class FaultProxyGroupTests : IAsyncLifetime
{
    private readonly List<Socket> _sockets = [];
    private EchoServer _first = null!;
    private EchoServer _second = null!;
    private FaultProxyGroup? _group;

    public Task InitializeAsync()
    {
        _first = new EchoServer();
        _second = new EchoServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_group is not null)
        {
            await _group.DisposeAsync();
        }

        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public void GetEndpoints_TwoUpstreams_OneProxyPerUpstreamInTheSameFormAndOrder()
    {
        var group = CreateSut($"http://{_first.Endpoint}", _second.Endpoint);

        var a = group.GetEndpoints("replica-a");
        var b = group.GetEndpoints("replica-b");

        Assert.Equal(2, a.Count);
        Assert.StartsWith("http://127.0.0.1:", a[0], StringComparison.Ordinal);
        Assert.Matches(@"^127\.0\.0\.1:\d+$", a[1]);
        Assert.Equal(a, group.GetEndpoints("replica-a"));
        Assert.Empty(a.Intersect(b));
        Assert.Equal(["replica-a", "replica-b"], group.Replicas.Order());
        Assert.Equal(_first.Endpoint, group.GetProxies("replica-a")[0].Upstream);
    }

    [Fact]
    public async Task Partition_OneReplica_OnlyThatReplicaStalls()
    {
        var group = CreateSut(_first.Endpoint, _second.Endpoint);
        var cut = await ConnectAllAsync(group, "replica-a");
        var free = await ConnectAllAsync(group, "replica-b");

        group.Partition("replica-a");

        foreach (var socket in free)
        {
            await Loopback.RoundTripAsync(socket, Loopback.Bytes("still here"));
        }

        var pending = new List<Task<int>>();
        foreach (var socket in cut)
        {
            await Loopback.SendAllAsync(socket, Loopback.Bytes("anyone?"));
            pending.Add(await Loopback.AssertNothingArrivesAsync(socket, new byte[64], TimeSpan.FromSeconds(1)));
        }

        group.Heal("replica-a");
        var counts = await Task.WhenAll(pending).WaitAsync(Loopback.Generous, TimeProvider.System);
        Assert.All(counts, n => Assert.True(n > 0));
    }

    [Fact]
    public async Task HealAll_AfterPartitionResetAndLatency_EveryReplicaFlowsAgain()
    {
        var group = CreateSut(_first.Endpoint, _second.Endpoint);
        foreach (var replica in new[] { "a", "b", "c" })
        {
            group.GetEndpoints(replica);
        }

        group.Partition("a");
        group.Reset("b");
        group.SetLatency("c", TimeSpan.FromSeconds(30));

        group.HealAll();

        foreach (var replica in new[] { "a", "b", "c" })
        {
            Assert.All(group.GetProxies(replica), p => Assert.True(p.Fault.IsHealthy));
            foreach (var socket in await ConnectAllAsync(group, replica))
            {
                await Loopback.RoundTripAsync(socket, Loopback.Bytes(replica), TimeSpan.FromSeconds(10));
            }
        }
    }

    [Fact]
    public async Task GetStatistics_Replica_SumsItsProxies()
    {
        var group = CreateSut(_first.Endpoint, _second.Endpoint);
        foreach (var socket in await ConnectAllAsync(group, "a"))
        {
            await Loopback.RoundTripAsync(socket, new byte[100]);
        }

        var statistics = group.GetStatistics("a");

        Assert.Equal(2, statistics.ConnectionsAccepted);
        Assert.Equal(200, statistics.BytesToUpstream);
        Assert.Equal(200, statistics.BytesToClient);
    }

    [Fact]
    public void SetLatency_Replica_AppliesToEveryMemberProxyOnly()
    {
        var group = CreateSut(_first.Endpoint, _second.Endpoint);
        group.GetEndpoints("a");
        group.GetEndpoints("b");

        group.SetLatency("a", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20));

        Assert.All(group.GetProxies("a"), p => Assert.Equal(TimeSpan.FromMilliseconds(200), p.Fault.ToUpstream.Delay));
        Assert.All(group.GetProxies("b"), p => Assert.True(p.Fault.IsHealthy));
    }

    [Fact]
    public void Partition_UnknownReplica_ThrowsNamingTheKnownReplicasAndTheFix()
    {
        var group = CreateSut(_first.Endpoint);
        group.GetEndpoints("replica-1");

        var error = Assert.Throws<KeyNotFoundException>(() => group.Partition("replica-9"));

        Assert.Contains("'replica-9'", error.Message, StringComparison.Ordinal);
        Assert.Contains("replica-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("GetEndpoints(\"replica-9\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidUpstream_ThrowsNamingTheEntry()
    {
        var error = Assert.Throws<ArgumentException>(() => new FaultProxyGroup(["127.0.0.1:2379", "etcd-2"]));

        Assert.Contains("Upstreams[1] = 'etcd-2'", error.Message, StringComparison.Ordinal);
    }

    private FaultProxyGroup CreateSut(params string[] upstreams)
    {
        _group = new FaultProxyGroup(upstreams);
        return _group;
    }

    private async Task<List<Socket>> ConnectAllAsync(FaultProxyGroup group, string replica)
    {
        var sockets = new List<Socket>();
        foreach (var endpoint in group.GetEndpoints(replica))
        {
            var socket = await Loopback.ConnectAsync(ProxyEndpoint.Parse(endpoint).Port);
            _sockets.Add(socket);
            sockets.Add(socket);
        }

        return sockets;
    }
}
