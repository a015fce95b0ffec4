using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ResilienceLab.Hosting;
using ResilienceLab.Packaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Packaging.Tests;

[Collection(PackedFeedCollection.Name)]
public sealed partial class ConsumerTests(PackedFeed feed, ITestOutputHelper output)
{
    [Fact(Timeout = 20 * 60 * 1000)]
    public async Task Consumer_PackageReferencesFromTheFeed_TakesAndReleasesAFencedLockOnEtcd()
    {
        var project = CopyConsumer();
        var build = await CommandRunner.RunAsync(
            CommandRunner.Dotnet,
            ["build", project, "-c", "Release", $"-p:ResilienceLabVersion={feed.Version}", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-v:minimal"],
            Path.GetDirectoryName(project)!,
            PackedFeed.CommandLimit,
            ConsumerEnvironment(),
            lowPriority: true);
        output.WriteLine(build.ToString());
        Assert.True(build.ExitCode == 0, build.ToString());
        // The packages came from the feed into this run's own package folder, not from a project or a stale cache.
        Assert.True(Directory.Exists(Path.Combine(feed.Root, "packages", "resiliencelab.coordination.etcd", feed.Version.ToLowerInvariant())));

        await using var etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1 });
        const string LockName = "/consumer/locks/orders";
        const string StateKey = "/consumer/state/orders";
        var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Release", "net10.0", "Consumer.dll");
        var history = Path.Combine(feed.Root, "consumer-history.jsonl");
        var run = await CommandRunner.RunAsync(
            CommandRunner.Dotnet,
            [dll, $"--Etcd:Endpoints:0={etcd.ConnectionString}", $"--History={history}", $"--Lock={LockName}", $"--StateKey={StateKey}"],
            feed.Root,
            PackedFeed.CommandLimit);
        output.WriteLine(run.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        var token = long.Parse(TokenLine().Match(run.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        var committed = long.Parse(CommittedLine().Match(run.Stdout).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(token > 0, run.ToString());
        Assert.Contains("released", run.Stdout, StringComparison.Ordinal);

        await using var store = etcd.CreateStore();
        var holders = await store.GetAsync(LockName + "/", prefix: true);
        Assert.Empty(holders.Kvs);
        var state = Assert.Single((await store.GetAsync(StateKey)).Kvs);
        Assert.Equal($"written-under-token-{token}", state.Value);
        Assert.Equal(committed, state.ModRevision);
        Assert.True(state.ModRevision > token, $"the fenced write (revision {state.ModRevision}) came after the lock was taken (token {token})");

        // The primitives recorded the service's history themselves: the acquisition with its token, the fenced write
        // and the release, each completed.
        var completed = (await File.ReadAllLinesAsync(history))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "ok")
            .ToList();
        Assert.Equal(["lock.acquire", "lock.write", "lock.release"], completed.Select(e => e.GetProperty("op").GetString()));
        Assert.Equal(token, completed[0].GetProperty("token").GetInt64());
    }

    /// <summary>Copies the consumer project out of the repository, where no Directory.Build.props or project reference reaches it.</summary>
    private string CopyConsumer()
    {
        var directory = Directory.CreateDirectory(Path.Combine(feed.Root, "consumer")).FullName;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Consumer")))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)), overwrite: true);
        }

        // The feed, plus the machine's usual sources (not cleared). Packages restore into this run's own folder, so a
        // package of the same version packed earlier can never be taken from the cache; everything else is read from
        // the machine's package folder, which the solution's restore filled.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(feed.Root, "packages")}" />
              </config>
              <packageSources>
                <add key="resiliencelab-feed" value="{feed.Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine-packages" value="{MachinePackages()}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return Path.Combine(directory, "Consumer.csproj");
    }

    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>NUGET_PACKAGES would override the consumer's own package folder.</summary>
    private static Dictionary<string, string?> ConsumerEnvironment() => new(StringComparer.Ordinal) { ["NUGET_PACKAGES"] = null };

    [GeneratedRegex(@"token=(\d+)")]
    private static partial Regex TokenLine();

    [GeneratedRegex(@"committed at revision (\d+)")]
    private static partial Regex CommittedLine();
}
