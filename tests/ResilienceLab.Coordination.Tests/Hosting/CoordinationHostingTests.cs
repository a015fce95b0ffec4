using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Coordination.Tests.Etcd;
using ResilienceLab.History;

namespace ResilienceLab.Coordination.Tests.Hosting;

/// <summary>
/// The hosting conventions a service adopts: <c>AddEtcdCoordination</c> bound from configuration and validated on start,
/// the session tied to the host, <c>AddCoordinationHistory</c> writing the primitives' history, the health check.
/// Against the real etcd of <see cref="EtcdFixture"/>.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class CoordinationHostingTests(EtcdFixture etcd) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reslab-hosting-").FullName;

    [Fact]
    public async Task AddEtcdCoordination_LockTakenAndHostStopped_HistoryWrittenAndLockFreedAtOnce()
    {
        var history = Path.Combine(_directory, "svc-1.jsonl");
        var host = Build(new()
        {
            ["Etcd:Endpoints:0"] = etcd.Endpoints[0],
            ["Etcd:Session:Ttl"] = "00:00:30",
            ["History:Sink"] = "File",
            ["History:Path"] = history,
            ["History:ProcessName"] = "svc-1",
        });
        await host.StartAsync();
        var sessions = host.Services.GetRequiredService<CoordinationSessionProvider>();
        var session = await sessions.GetSessionAsync();
        var handle = await session.CreateLock("/hosting/lock").AcquireAsync();
        Assert.True(handle.Token > 0);
        await host.StopAsync();
        host.Dispose();

        // The session was closed on stop: the lock is free now, not after its 30 s TTL.
        await using var store = etcd.CreateStore();
        var holders = await store.GetAsync("/hosting/lock/", prefix: true);
        Assert.Empty(holders.Kvs);
        var entries = HistoryReader.ReadPaths([history]).EnsureValid().Entries;
        var acquired = Assert.Single(entries, e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok);
        Assert.Equal(("svc-1", handle.Token), (acquired.Process, acquired.Token!.Value));
    }

    [Fact]
    public async Task AddEtcdCoordination_InvalidEndpoint_StartFailsNamingTheSetting()
    {
        using var host = Build(new() { ["Etcd:Endpoints:0"] = "not a url" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("EtcdStoreOptions.Endpoints[0] = 'not a url'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddEtcdCoordination_TtlBelowOneSecond_StartFailsOnSessionOptions()
    {
        using var host = Build(new() { ["Etcd:Endpoints:0"] = etcd.Endpoints[0], ["Etcd:Session:Ttl"] = "00:00:00.100" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("SessionOptions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddCoordinationHistory_FileSinkWithoutPath_StartFails()
    {
        using var host = Build(new() { ["Etcd:Endpoints:0"] = etcd.Endpoints[0], ["History:Sink"] = "File" });
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("File sink needs a Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoordinationHealthCheck_SessionOpenThenLost_HealthyThenUnhealthy()
    {
        using var host = Build(new() { ["Etcd:Endpoints:0"] = etcd.Endpoints[0], ["Etcd:Session:Ttl"] = "00:00:02" });
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);

        var session = await host.Services.GetRequiredService<CoordinationSessionProvider>().GetSessionAsync();
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);

        // Revoke the lease behind the session's back, as an operator or a long partition would: the replica is no longer ready.
        await using var store = etcd.CreateStore();
        await store.RevokeLeaseAsync(Convert.ToInt64(session.Id, 16));
        var lost = new TaskCompletionSource();
        using var registration = session.Lost.Register(() => lost.TrySetResult());
        await lost.Task.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync()).Status);
        await host.StopAsync();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        if (settings.ContainsKey("History:Sink"))
        {
            builder.Services.AddCoordinationHistory(builder.Services.AddOptions<CoordinationHistoryOptions>().BindConfiguration("History"));
        }

        builder.Services.AddEtcdCoordination(builder.Configuration.GetSection("Etcd"));
        builder.Services.AddHealthChecks().AddCoordinationHealthCheck();
        return builder.Build();
    }
}
