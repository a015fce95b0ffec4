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
}
