using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using ResilienceLab.Coordination;
using ResilienceLab.Hosting;
using ResilienceLab.Worker;
using ResilienceLab.Workers.Tests.Infrastructure;

namespace ResilienceLab.Workers.Tests.Health;

/// <summary>
/// Readiness follows the replica's session: a replica host built in-process from the worker's registrations, on a real
/// etcd, probed over its loopback health endpoint and its ready file.
/// </summary>
public sealed class ReplicaReadinessTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("reslab-readiness-").FullName;
    private readonly HttpClient _http = new();
    private readonly int _port = FreePorts.Allocate(1)[0];
    private EtcdCluster _etcd = null!;

    public async Task InitializeAsync() =>
        _etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true, BaseDirectory = _directory });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _etcd.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Ready_LeaseRevokedBehindItsBack_Answers503AndWithdrawsTheReadyFileUntilANewSessionIsOpen()
    {
        var readyFile = Path.Combine(_directory, "ready");
        await using var store = _etcd.CreateStore();
        var backend = new GatedBackend(new EtcdCoordinationBackend(_etcd.CreateStore(), TimeProvider.System, ownsStore: true));
        using var host = ReplicaHost.Build(Settings(readyFile), b => b.Services.AddSingleton<ICoordinationBackend>(backend));
        await host.StartAsync();
        var sessions = host.Services.GetRequiredService<CoordinationSessionProvider>();
        Assert.Same(host.Services.GetRequiredService<ReplicaRuntime>().Sessions, sessions);

        await WaitForStatusAsync(HealthEndpointConstants.ReadyPath, 200);
        var first = sessions.Current!;
        await ReadyFileAsync(readyFile, $"replica-h {first.Id}\n"); // the tracker writes it on its own beat, after the endpoint turns

        // Another client revokes the lease; the replica may not open a new session until the test says so.
        backend.HoldSessions();
        await store.RevokeLeaseAsync(long.Parse(first.Id, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        var notReady = await WaitForStatusAsync(HealthEndpointConstants.ReadyPath, 503);
        Assert.Contains("coordination-session: Unhealthy", notReady, StringComparison.Ordinal);
        Assert.Contains("replica-startup: Healthy", notReady, StringComparison.Ordinal);
        await Eventually.WaitAsync(() => !File.Exists(readyFile), Timeout, () => "the ready file stayed while the session was lost");
        Assert.Equal(200, (await ReplicaHost.ProbeAsync(_http, _port, HealthEndpointConstants.LivePath)).Status);
        Assert.Equal(200, (await ReplicaHost.ProbeAsync(_http, _port, HealthEndpointConstants.StartupPath)).Status);

        backend.ReleaseSessions();
        var ready = await WaitForStatusAsync(HealthEndpointConstants.ReadyPath, 200);
        var second = sessions.Current!;
        Assert.NotEqual(first.Id, second.Id);
        Assert.Contains($"session {second.Id} alive", ready, StringComparison.Ordinal);
        await ReadyFileAsync(readyFile, $"replica-h {second.Id}\n");

        await host.StopAsync();
        Assert.False(File.Exists(readyFile), "a stopped replica left its ready file");
    }

    [Fact]
    public async Task Probes_StoreUnreachableWhileLoadingTheStartupState_LiveAnswers200ReadyAndStartup503()
    {
        var settings = Settings(readyFile: null);
        settings["Store:Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}";
        using var host = ReplicaHost.Build(settings, b => b.AddStore());
        using var stop = new CancellationTokenSource();
        var starting = host.StartAsync(stop.Token);

        await WaitForStatusAsync(HealthEndpointConstants.LivePath, 200);
        var ready = await ReplicaHost.ProbeAsync(_http, _port, HealthEndpointConstants.ReadyPath);
        var startup = await ReplicaHost.ProbeAsync(_http, _port, HealthEndpointConstants.StartupPath);

        Assert.False(starting.IsCompleted, "the host started although the store is unreachable");
        Assert.Equal(503, ready.Status);
        Assert.Contains("replica-startup: Unhealthy - replica replica-h has not loaded its startup state yet", ready.Body, StringComparison.Ordinal);
        Assert.Equal(503, startup.Status);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => starting);
        await host.StopAsync();
    }

    private Dictionary<string, string?> Settings(string? readyFile) => new()
    {
        ["Replica:Name"] = "replica-h",
        // 3 s, not less: on a loaded 2-core machine a shorter lease can run out on its own between the keep-alives.
        ["Replica:LockTtl"] = "00:00:03",
        ["Replica:ReadyFile"] = readyFile,
        ["Replica:Tasks:Enabled"] = "false",
        ["Replica:Election:Enabled"] = "false",
        ["Store:Endpoints"] = _etcd.ConnectionString,
        ["Health:Port"] = _port.ToString(CultureInfo.InvariantCulture),
        ["Health:Address"] = "127.0.0.1",
    };

    /// <summary>Waits until the ready file holds <paramref name="expected"/> (it comes and goes with the tracker's beat).</summary>
    private static Task ReadyFileAsync(string path, string expected) =>
        Eventually.WaitAsync(() => ReadOrNull(path) == expected, Timeout, () => $"the ready file holds '{ReadOrNull(path) ?? "(missing)"}', not '{expected.Trim()}'");

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null; // missing, or withdrawn while being read
        }
    }

    /// <summary>Probes <paramref name="path"/> until it answers <paramref name="status"/>; returns the body.</summary>
    private Task<string> WaitForStatusAsync(string path, int status) =>
        Eventually.GetAsync(
            async () =>
            {
                try
                {
                    var (code, body) = await ReplicaHost.ProbeAsync(_http, _port, path);
                    return code == status ? body : null;
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            },
            Timeout,
            () => $"{path} did not answer {status}");
}
