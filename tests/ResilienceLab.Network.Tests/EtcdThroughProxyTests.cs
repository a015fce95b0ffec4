using ResilienceLab.Hosting;
using Xunit.Abstractions;

namespace ResilienceLab.Network.Tests;

/// <summary>gRPC over HTTP/2 through the proxy: etcdctl (a separate process) against a real etcd.</summary>
public sealed class EtcdThroughProxyTests(EtcdFixture etcd, ITestOutputHelper output) : IClassFixture<EtcdFixture>, IAsyncLifetime
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromSeconds(30);
    private FaultProxy _proxy = null!;

    public Task InitializeAsync()
    {
        if (etcd.ClientPort != 0)
        {
            _proxy = FaultProxy.Start(new FaultProxyOptions { Name = "etcdctl→etcd", UpstreamHost = "127.0.0.1", UpstreamPort = etcd.ClientPort });
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task Etcdctl_ThroughProxy_PutThenGetReturnsTheValue()
    {
        var put = await EtcdctlAsync("--command-timeout=5s", "put", "net/through-proxy", "v1");
        var get = await EtcdctlAsync("--command-timeout=5s", "get", "net/through-proxy", "--print-value-only");

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.Equal("v1", get.Output.Trim());
        var statistics = _proxy.GetStatistics();
        Assert.True(statistics.ConnectionsAccepted >= 2, statistics.ToString());
        Assert.True(statistics.BytesToUpstream > 0 && statistics.BytesToClient > 0, statistics.ToString());
    }

    [Fact]
    public async Task Etcdctl_ThroughBlackholedProxy_GetFailsAndHealRestoresIt()
    {
        Assert.True((await EtcdctlAsync("--command-timeout=5s", "put", "net/blackhole", "v2")).ExitCode == 0);

        _proxy.Blackhole();
        var cut = await EtcdctlAsync("--command-timeout=1s", "--dial-timeout=1s", "get", "net/blackhole", "--print-value-only");
        _proxy.Heal();
        var healed = await EtcdctlAsync("--command-timeout=5s", "get", "net/blackhole", "--print-value-only");

        output.WriteLine($"blackholed get: {cut}");
        Assert.False(cut.TimedOut, cut.ToString());
        Assert.NotEqual(0, cut.ExitCode);
        Assert.DoesNotContain("v2", cut.Output, StringComparison.Ordinal);
        Assert.True(healed.ExitCode == 0, healed.ToString());
        Assert.Equal("v2", healed.Output.Trim());
    }

    [Fact]
    public async Task Etcdctl_ThroughResettingProxy_GetFailsWithinTheDialTimeout()
    {
        _proxy.Reset();
        var cut = await EtcdctlAsync("--command-timeout=3s", "--dial-timeout=3s", "get", "net/reset");
        _proxy.Heal();

        output.WriteLine($"reset get: {cut}");
        Assert.False(cut.TimedOut, cut.ToString());
        Assert.NotEqual(0, cut.ExitCode);
        Assert.True(_proxy.GetStatistics().ConnectionsReset >= 1);
    }

    [Fact]
    public async Task Etcdctl_ThroughSlowProxy_SucceedsAfterAtLeastOneDelayedRoundTrip()
    {
        var delay = TimeSpan.FromMilliseconds(150);
        _proxy.SetLatency(delay, TimeSpan.FromMilliseconds(20));

        var get = await EtcdctlAsync("--command-timeout=10s", "--dial-timeout=10s", "get", "net/slow");

        output.WriteLine($"slow get: {get}");
        Assert.True(get.ExitCode == 0, get.ToString());
        Assert.True(get.Elapsed >= 2 * (delay - TimeSpan.FromMilliseconds(20)), get.ToString());
    }

    private Task<ChildProcessResult> EtcdctlAsync(params string[] arguments) => Etcdctl.RunAsync(_proxy.Endpoint, ProcessLimit, arguments);
}
