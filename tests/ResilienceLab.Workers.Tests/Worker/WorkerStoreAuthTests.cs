using ResilienceLab.Hosting;
using ResilienceLab.Worker;
using ResilienceLab.Workers.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Workers.Tests.Worker;

/// <summary>
/// The worker executable against a real etcd with <c>auth enable</c>: credentials it cannot use are a configuration
/// error (exit 2, the endpoint and user named, no stack trace), not an outage to retry until exit 3.
/// </summary>
public sealed class WorkerStoreAuthTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "worker-auth-Pa55-51";
    private EtcdCluster _etcd = null!;

    public async Task InitializeAsync()
    {
        _etcd = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1 });

        // "narrow" may use the tasks and locks but not the workers' configuration key.
        await _etcd.EnableAuthAsync("root-of-worker-tests", [new EtcdAuthUser("narrow", Password, ["/tasks/", "/locks/"])]);
    }

    public async Task DisposeAsync() => await _etcd.DisposeAsync();

    [Fact]
    public async Task Worker_WrongPassword_ExitsWithCode2NamingEndpointAndUser()
    {
        const string Wrong = "not-it-Pa55-52";
        var result = await RunAsync("narrow", Wrong);

        Assert.Equal(WorkerExitCodes.InvalidConfiguration, result.ExitCode);
        Assert.Contains(_etcd.ClientEndpoints[0], result.Stderr, StringComparison.Ordinal);
        Assert.Contains("'narrow'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Wrong, result.Stderr + result.Stdout, StringComparison.Ordinal);
        // stderr is the message a person reads; stdout is the log, where the generic host logs its start failure with a trace.
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_RoleWithoutTheConfigPrefix_ExitsWithCode2NamingTheKey()
    {
        var result = await RunAsync("narrow", Password);

        Assert.Equal(WorkerExitCodes.InvalidConfiguration, result.ExitCode);
        Assert.Contains("'/config/workers'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("permission denied", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    private async Task<WorkerRunResult> RunAsync(string user, string password)
    {
        var directory = Directory.CreateTempSubdirectory("reslab-worker-auth-").FullName;
        try
        {
            var file = Path.Combine(directory, "password");
            await File.WriteAllTextAsync(file, password + "\n");
            var result = await WorkerProcess.RunAsync(
                new Dictionary<string, string>
                {
                    ["RESLAB_Store__Endpoints"] = _etcd.ClientEndpoints[0],
                    ["RESLAB_Store__Username"] = user,
                    ["RESLAB_Store__PasswordFile"] = file,
                    ["RESLAB_Store__StartupTimeout"] = "00:00:20",
                },
                TimeSpan.FromSeconds(60));
            output.WriteLine($"exit {result.ExitCode} after {result.Duration}\n{result.Stderr}\nstdout:\n{result.Stdout}");
            return result;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
