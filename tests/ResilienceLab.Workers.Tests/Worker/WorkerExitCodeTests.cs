using ResilienceLab.Hosting;
using ResilienceLab.Worker;
using ResilienceLab.Workers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Workers.Tests.Worker;

/// <summary>The worker executable's exit codes for a configuration it cannot run and a store it cannot reach.</summary>
public sealed class WorkerExitCodeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Worker_InvalidConfiguration_ExitsWithCode2AndPrintsEveryError()
    {
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["RESLAB_Store__Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}",
                ["RESLAB_Replica__LockTtl"] = "00:00:00",
                ["RESLAB_Replica__Tasks__StepDuration"] = "00:00:03",
                ["RESLAB_Replica__Counter__Increments"] = "-1",
                ["RESLAB_Replica__Tasks__Stpes"] = "10",
            },
            TimeSpan.FromSeconds(60));
        output.WriteLine(result.Stderr);

        Assert.Equal(WorkerExitCodes.InvalidConfiguration, result.ExitCode);
        Assert.Contains("invalid configuration (4 problems)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Replica:LockTtl:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Replica:Tasks:StepDuration:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Replica:Counter:Increments:", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Replica:Tasks:Stpes: no such setting", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_StoreUnreachableAtStartup_ExitsWithCode3AfterStartupTimeout()
    {
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["RESLAB_Store__Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}",
                ["RESLAB_Store__StartupTimeout"] = "00:00:02",
            },
            TimeSpan.FromSeconds(60));
        output.WriteLine($"exit {result.ExitCode} after {result.Duration}\n{result.Stderr}");

        Assert.Equal(WorkerExitCodes.StoreUnreachable, result.ExitCode);
        Assert.Contains("unreachable for Store:StartupTimeout (00:00:02)", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.Duration >= TimeSpan.FromSeconds(2), $"gave up after {result.Duration}, before the startup timeout");
    }

    [Fact]
    public async Task Worker_PodNameWithoutReplicaName_NamesTheReplicaAfterThePod()
    {
        var history = Path.Combine(Directory.CreateTempSubdirectory("reslab-worker-pod-").FullName, "history.jsonl");
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["POD_NAME"] = "workers-7f9c-x2",
                ["RESLAB_Replica__HistoryPath"] = history,
                ["RESLAB_Store__Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}",
                ["RESLAB_Store__StartupTimeout"] = "00:00:01",
            },
            TimeSpan.FromSeconds(60));

        Assert.Equal(WorkerExitCodes.StoreUnreachable, result.ExitCode);
        var entries = ResilienceLab.History.HistoryReader.ReadPaths([history]).History.Entries;
        Assert.Contains(entries, e => e.Op == ResilienceLab.History.HistoryOps.ProcessStart && e.Process == "workers-7f9c-x2");
        Directory.Delete(Path.GetDirectoryName(history)!, recursive: true);
    }

    [Fact]
    public async Task Worker_InvalidHealthPortAddressAndOtlpEndpoint_ExitsWithCode2NamingEach()
    {
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["RESLAB_Store__Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}",
                ["RESLAB_Health__Port"] = "80",
                ["RESLAB_Health__Address"] = "localhost",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317",
            },
            TimeSpan.FromSeconds(60));
        output.WriteLine(result.Stderr);

        Assert.Equal(WorkerExitCodes.InvalidConfiguration, result.ExitCode);
        Assert.Contains("invalid configuration (3 problems)", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Health:Port: 80 is out of range; use 1025-65535", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Health:Address: 'localhost' is not an IP address", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' is not an http:// or https:// URL", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_ReadyFileLeftByPreviousRunAndStoreUnreachable_RemovesItAndNeverReportsReady()
    {
        // A restarted container keeps /tmp: the old file must not pass the readiness probe before the state is read.
        var directory = Directory.CreateTempSubdirectory("reslab-worker-ready-").FullName;
        var readyFile = Path.Combine(directory, "ready");
        await File.WriteAllTextAsync(readyFile, "r1 42\n");
        var result = await WorkerProcess.RunAsync(
            new Dictionary<string, string>
            {
                ["RESLAB_Replica__ReadyFile"] = readyFile,
                ["RESLAB_Store__Endpoints"] = $"http://127.0.0.1:{FreePorts.Allocate(1)[0]}",
                ["RESLAB_Store__StartupTimeout"] = "00:00:01",
            },
            TimeSpan.FromSeconds(60));

        Assert.Equal(WorkerExitCodes.StoreUnreachable, result.ExitCode);
        Assert.False(File.Exists(readyFile), "the previous run's ready file survived a start that never loaded its state");
        Assert.DoesNotContain("READY replica=", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Directory.Delete(directory, recursive: true);
    }
}
