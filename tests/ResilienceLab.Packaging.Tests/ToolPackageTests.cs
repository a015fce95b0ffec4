using System.Text.Json;
using ResilienceLab.Packaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Packaging.Tests;

[Collection(PackedFeedCollection.Name)]
public sealed class ToolPackageTests(PackedFeed feed, ITestOutputHelper output)
{
    [Fact(Timeout = 20 * 60 * 1000)]
    public async Task InstalledTool_Version_PrintsThePackageVersionAndCommit()
    {
        var reslab = await feed.ToolAsync();

        var version = await RunToolAsync(reslab, ["--version"], feed.Root);

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Equal($"{feed.Version}+{feed.Commit}", version.Stdout.Trim());
    }

    [Fact(Timeout = 20 * 60 * 1000)]
    public async Task InstalledTool_Validate_AcceptsTheExamplePlansAndRejectsBrokenOnes()
    {
        var reslab = await feed.ToolAsync();

        var valid = await RunToolAsync(reslab, ["validate", RepoPaths.ChaosPlans + Path.DirectorySeparatorChar], feed.Root);
        var broken = await RunToolAsync(reslab, ["validate", RepoPaths.BrokenPlans], feed.Root);

        Assert.True(valid.ExitCode == 0, valid.ToString());
        Assert.True(broken.ExitCode == 2, broken.ToString());
    }

    [Fact(Timeout = 20 * 60 * 1000)]
    public async Task InstalledTool_LocalPlan_StartsWorkerReplicasFromTheToolsOwnFolder()
    {
        var reslab = await feed.ToolAsync();
        // Outside the repository, so the worker can only come from the installed tool (WorkerLocator also looks for
        // the build output above the working directory).
        var directory = Directory.CreateDirectory(Path.Combine(feed.Root, "local-run")).FullName;
        var plan = Path.Combine(directory, "plan.yaml");
        await File.WriteAllTextAsync(plan, """
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata:
              name: installed-tool-local-smoke
              description: Two worker processes started by an installed reslab take turns on one task lock on a local etcd.
            target:
              kind: local
              replicas: 2
            store:
              kind: etcd
              start:
                members: 1
            workload:
              duration: 4s
              tasks:
                count: 1
                steps: 6
                stepDuration: 200ms
                lockTtl: 2s
            checks:
              - mutual-exclusion
            """);

        var run = await RunToolAsync(reslab, ["run", plan, "--report", Path.Combine(directory, "report")], directory);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "report", "report.json")));
        Assert.True(report.RootElement.GetProperty("passed").GetBoolean());
        var started = (await File.ReadAllLinesAsync(Path.Combine(directory, "report", "history.jsonl")))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(entry => entry.GetProperty("op").GetString() == "process.start")
            .Select(entry => entry.GetProperty("process").GetString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string?>(["replica-0", "replica-1"], StringComparer.Ordinal), started);
    }

    /// <summary>
    /// Runs the installed tool as a user's shell would: no RESLAB_* variables, and no DOTNET_HOST_PATH (which
    /// <c>dotnet test</c> sets), so the tool finds dotnet and its worker on its own.
    /// </summary>
    private static Task<CommandResult> RunToolAsync(string reslab, IEnumerable<string> arguments, string workingDirectory)
    {
        var environment = Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(k => k.StartsWith("RESLAB_", StringComparison.Ordinal) || k == "DOTNET_HOST_PATH")
            .ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);
        return CommandRunner.RunAsync(reslab, arguments, workingDirectory, PackedFeed.CommandLimit, environment);
    }
}
