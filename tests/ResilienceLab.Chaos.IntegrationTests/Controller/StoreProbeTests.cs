using System.Net;
using System.Net.Sockets;
using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Hosting;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Controller;

/// <summary>
/// Start-up failures of the store (issue #18, item 9) are reported first and plainly: a plan whose store endpoints
/// answer nothing fails before any replica starts, naming the endpoint; an etcd the run starts itself that exits at once
/// is reported with its exit code and its own last lines — not half a minute later as "the replicas did not start"
/// under the workers' gRPC errors.
/// </summary>
[Collection(LocalPlansCollection.Name)]
public sealed class StoreProbeTests(ITestOutputHelper output)
{
    // Far inside the replicas' start-up budget (30 s), which is where these failures used to surface.
    private static readonly TimeSpan ReportedWithin = TimeSpan.FromSeconds(20);

    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata:
          name: dead-store
        target:
          kind: local
          replicas: 2
        store:
          kind: KIND
          endpoints: [ENDPOINT]
        workload:
          duration: 10s
          tasks:
            count: 1
        """;

    private const string OwnEtcdPlan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata:
          name: etcd-exits
        target:
          kind: local
          replicas: 2
        store:
          kind: etcd
          start:
            members: 1
        workload:
          duration: 10s
          tasks:
            count: 1
        """;

    [Theory]
    [InlineData("etcd", "http")]
    [InlineData("nats", "nats")]
    public async Task Run_StoreEndpointAnswersNothing_FailsFirstNamingTheEndpoint(string kind, string scheme)
    {
        var endpoint = $"{scheme}://127.0.0.1:{FreePorts.Allocate(1)[0]}";
        var loaded = ChaosPlanLoader.LoadText(Plan.Replace("KIND", kind, StringComparison.Ordinal).Replace("ENDPOINT", endpoint, StringComparison.Ordinal), "dead-store.yaml");
        Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics));

        var error = await Assert.ThrowsAsync<PlanRunException>(() => LocalPlanRun.RunAsync(loaded.Plan!, 1, new ChaosRunOptions()));

        Assert.StartsWith($"store.endpoints: no {kind} endpoint answered ({StoreProbe.Attempts} attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas did not start", error.Message, StringComparison.Ordinal);
    }

    /// <summary>etcd takes flags from ETCD_* variables too: a bad value makes it exit at once with its own line saying why.</summary>
    [Fact]
    public async Task Run_OwnEtcdExitsAtOnceOnABadFlag_Exit2WithItsExitCodeAndItsOwnLine()
    {
        var (code, text, elapsed) = await RunReslabAsync(new Dictionary<string, string> { ["ETCD_QUOTA_BACKEND_BYTES"] = "not-a-number" });

        Assert.Equal(2, code);
        Assert.Contains("etcd did not start: etcd member m1 exited with code 1", text, StringComparison.Ordinal);
        Assert.Contains("invalid value \"not-a-number\" for ETCD_QUOTA_BACKEND_BYTES", text, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas did not start", text, StringComparison.Ordinal);
        Assert.True(elapsed < ReportedWithin, $"reported after {elapsed}");
    }

    /// <summary>A port etcd must bind (here its metrics listener) is held by another process: etcd exits, and says so.</summary>
    [Fact]
    public async Task Run_OwnEtcdPortAlreadyTaken_Exit2WithItsExitCodeAndItsOwnLine()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var (code, text, elapsed) = await RunReslabAsync(new Dictionary<string, string> { ["ETCD_LISTEN_METRICS_URLS"] = $"http://127.0.0.1:{port}" });

        Assert.Equal(2, code);
        Assert.Contains("etcd did not start: etcd member m1 exited with code 1", text, StringComparison.Ordinal);
        Assert.Contains($"listen tcp 127.0.0.1:{port}: bind: address already in use", text, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas did not start", text, StringComparison.Ordinal);
        Assert.True(elapsed < ReportedWithin, $"reported after {elapsed}");
    }

    /// <summary>`reslab run` of a plan that starts its own 1-member etcd, as a process with <paramref name="environment"/> added.</summary>
    private async Task<(int? Code, string Output, TimeSpan Elapsed)> RunReslabAsync(Dictionary<string, string> environment)
    {
        var time = TimeProvider.System;
        var temp = Directory.CreateTempSubdirectory("reslab-store-probe-test-").FullName;
        try
        {
            var planPath = Path.Combine(temp, "plan.yaml");
            await File.WriteAllTextAsync(planPath, OwnEtcdPlan);
            var started = time.GetTimestamp();
            using var reslab = Reslab.Start(["run", planPath], new Dictionary<string, string>(environment) { ["TMPDIR"] = temp });
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120), time);
            await reslab.WaitForExitAsync(limit.Token);
            var elapsed = time.GetElapsedTime(started);
            var text = reslab.OutputTail(500);
            output.WriteLine($"exit {reslab.ExitCode} after {elapsed.TotalSeconds:0.0} s:\n{text}");
            return (reslab.ExitCode, text, elapsed);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
