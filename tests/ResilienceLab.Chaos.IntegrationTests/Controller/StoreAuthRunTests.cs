using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.Hosting;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Controller;

/// <summary>
/// <c>reslab run</c> as a real process against a real etcd with <c>auth enable</c> (root plus a least-privilege user
/// limited to the workers' prefixes), with real worker processes: the run passes, and the password appears nowhere —
/// not on stdout or stderr, not in the reports, not in any file the run leaves (histories, worker logs). A wrong
/// password fails the run with exit 2 and an error naming the endpoint and the user.
/// </summary>
[Collection(LocalPlansCollection.Name)]
public sealed class StoreAuthRunTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "Kn0wn-Pa55word-7c1e";
    private const string PasswordVariable = "RESLAB_TEST_ETCD_PASSWORD";

    // Everything the workers and the controller touch: config, tasks and their locks, the election, the counter.
    private static readonly string[] WorkerPrefixes = ["/config/", "/tasks/", "/locks/", "/election/", "/counter"];

    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata:
          name: auth-etcd
        target:
          kind: local
          replicas: 3
        store:
          kind: etcd
          endpoints: [ENDPOINT]
          username: reslab
          passwordFrom: {env: RESLAB_TEST_ETCD_PASSWORD}
          callTimeout: 2s
        workload:
          duration: 16s
          tasks:
            count: 2
            steps: 40
            stepDuration: 300ms
            lockTtl: 2s
        schedule:
          - name: kill-a-holder
            action: kill
            at: 4s
            selector: {role: lock-holder, task: 0}
        probes:
          - name: replicas-ready-before-chaos
            kind: all-replicas-ready
            mode: start
            timeout: 20s
        checks:
          - mutual-exclusion
        """;

    private EtcdCluster _etcd = null!;
    private string _temp = null!;

    public async Task InitializeAsync()
    {
        _temp = Directory.CreateTempSubdirectory("reslab-auth-run-").FullName;
        _etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, BaseDirectory = Path.Combine(_temp, "etcd") });
        await _etcd.EnableAuthAsync("Root-Pa55-of-the-test", [new EtcdAuthUser("reslab", Password, WorkerPrefixes)]);
    }

    public async Task DisposeAsync()
    {
        await _etcd.DisposeAsync();
        Directory.Delete(_temp, recursive: true);
    }

    [Fact]
    public async Task Run_EtcdWithAuth_PassesAndThePasswordAppearsInNoOutput()
    {
        var runTemp = Directory.CreateDirectory(Path.Combine(_temp, "tmp")).FullName;
        var reports = Path.Combine(_temp, "reports");
        var plan = WritePlan();

        var (exitCode, stdout, stderr) = await RunReslabAsync(runTemp, Password, "run", plan, "--report", reports, "--keep-run-dir");
        output.WriteLine(stdout);
        output.WriteLine(stderr);

        Assert.Equal(0, exitCode);
        Assert.Contains("PASS: auth-etcd", stdout);
        var files = Directory.EnumerateFiles(reports, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(runTemp, "*", SearchOption.AllDirectories))
            .ToList();
        Assert.Contains(files, f => f.EndsWith("history.jsonl", StringComparison.Ordinal));
        Assert.Contains(files, f => Path.GetFileName(f).EndsWith(".log", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, stdout);
        Assert.DoesNotContain(Password, stderr);
        var leaks = files.Where(f => File.ReadAllText(f).Contains(Password, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, $"the password is in {string.Join(", ", leaks)}");
        output.WriteLine($"searched stdout, stderr and {files.Count} files");
    }

    [Fact]
    public async Task Run_WrongPassword_ExitsTwoNamingEndpointAndUser()
    {
        var runTemp = Directory.CreateDirectory(Path.Combine(_temp, "tmp-wrong")).FullName;
        const string Wrong = "Wr0ng-Pa55word-3b9d";

        var (exitCode, stdout, stderr) = await RunReslabAsync(runTemp, Wrong, "run", WritePlan());
        output.WriteLine(stdout);

        Assert.Equal(2, exitCode);
        Assert.Contains(_etcd.ClientEndpoints[0], stdout);
        Assert.Contains("'reslab'", stdout);
        Assert.DoesNotContain(Wrong, stdout + stderr);
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    private string WritePlan()
    {
        var path = Path.Combine(_temp, "auth-etcd.yaml");
        File.WriteAllText(path, Plan.Replace("ENDPOINT", _etcd.ClientEndpoints[0], StringComparison.Ordinal));
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunReslabAsync(string runTemp, string password, params string[] arguments)
    {
        var result = await Reslab.RunAsync(arguments, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["TMPDIR"] = runTemp, ["CI"] = "1", [PasswordVariable] = password });
        Assert.False(result.TimedOut, result.ToString());
        return (result.ExitCode, result.Output, result.Error);
    }
}
