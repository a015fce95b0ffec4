using ResilienceLab.Hosting;
using System.Globalization;
using ResilienceLab.Worker;
using ResilienceLab.Workers.Tests.Infrastructure;

namespace ResilienceLab.Workers.Tests.Worker;

/// <summary>The worker executable's health endpoint: served on <c>Health:Port</c> when set, and no listening port at all when not (a local run may start hundreds of replicas).</summary>
public sealed class WorkerHealthEndpointTests
{
    private static ReplicaOptions ElectionOnly() => new()
    {
        LockTtl = TimeSpan.FromSeconds(2),
        Tasks = new TaskWorkerOptions { Enabled = false },
        Election = new ElectionWorkerOptions { Enabled = true, HeartbeatInterval = TimeSpan.FromMilliseconds(200) },
    };

    [Fact]
    public async Task Worker_HealthPortSet_AnswersReadyAndLiveOnThatPortOnly()
    {
        var port = FreePorts.Allocate(1)[0];
        await using var run = await LocalRun.StartAsync(ElectionOnly(), replicas: 1, configure: o =>
        {
            o.Environment["RESLAB_Health__Port"] = port.ToString(CultureInfo.InvariantCulture);
            o.Environment["RESLAB_Health__Address"] = "127.0.0.1";
        });
        using var http = new HttpClient();
        var replica = Assert.Single(run.Set.Live);

        // StartAsync returned once the ready file appeared: the replica is ready, and says so over HTTP too.
        var ready = await ReplicaHost.ProbeAsync(http, port, HealthEndpointConstants.ReadyPath);
        var live = await ReplicaHost.ProbeAsync(http, port, HealthEndpointConstants.LivePath);

        Assert.Equal(200, ready.Status);
        Assert.StartsWith("Healthy\n", ready.Body, StringComparison.Ordinal);
        Assert.Contains("coordination-session: Healthy - session ", ready.Body, StringComparison.Ordinal);
        Assert.Equal((200, "Healthy\n"), live);
        Assert.Equal([port], ListeningSockets.PortsOf(replica.Pid));
    }

    [Fact]
    public async Task Worker_HealthPortNotSet_ListensOnNoPort()
    {
        await using var run = await LocalRun.StartAsync(ElectionOnly(), replicas: 1);
        var replica = Assert.Single(run.Set.Live);

        Assert.Empty(ListeningSockets.PortsOf(replica.Pid));
    }
}
