using ResilienceLab.Cli.Commands;

namespace ResilienceLab.Benchmarks.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task RunAsync_OnlyChecker_PrintsTableWritesJsonAndExitsZero()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-bench-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        try
        {
            var exit = await BenchCommand.RunAsync(path, 0.1, quick: true, only: "checker", output, CancellationToken.None);

            Assert.Equal(0, exit);
            Assert.True(File.Exists(path));
            Assert.Contains("linearizability check, 1,000 ops", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("starting etcd", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("lock,paxos", null)]
    [InlineData("checker", -1.0)]
    public async Task RunAsync_BadArguments_ExitsTwoWithTheReason(string only, double? duration)
    {
        var output = new StringWriter();

        var exit = await BenchCommand.RunAsync(null, duration, quick: false, only, output, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithAuth_EveryClientAuthenticatesAndTheFiguresAreMeasured()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("reslab-bench-auth-").FullName, "bench.json");
        var output = new StringWriter();

        // cas: our store and the raw dotnet-etcd peers both write under the bench prefix, which is all the bench user may touch.
        var exit = await BenchCommand.RunAsync(path, 0.1, quick: true, only: "cas", output, CancellationToken.None, auth: true);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains("etcd auth enabled: every client authenticates as 'bench'", output.ToString(), StringComparison.Ordinal);
        var json = await File.ReadAllTextAsync(path);
        Assert.Contains("auth enabled", json, StringComparison.Ordinal);
        Assert.Contains("CAS increments/s", json, StringComparison.Ordinal);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
