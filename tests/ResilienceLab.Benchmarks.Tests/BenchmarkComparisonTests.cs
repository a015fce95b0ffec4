using ResilienceLab.Benchmarks.Output;
using ResilienceLab.Cli.Commands;

namespace ResilienceLab.Benchmarks.Tests;

public sealed class BenchmarkComparisonTests
{
    private static BenchmarkReport Report(params BenchmarkFigure[] figures) => new()
    {
        Machine = new BenchmarkMachine("test", 2, "test", "test", "test", "test"),
        StartedAt = DateTimeOffset.UnixEpoch,
        Elapsed = TimeSpan.FromSeconds(1),
        Quick = true,
        Duration = TimeSpan.FromSeconds(1),
        Suites = [BenchmarkSuite.Lock],
        Figures = figures,
    };

    private static BenchmarkFigure Rate(double value, double peer, string name = "lock cycles/s, 1 contender") =>
        new() { Suite = BenchmarkSuite.Lock, Name = name, Value = value, Unit = "cycles/s", Peer = "server", PeerValue = peer };

    private static BenchmarkFigure Latency(double value, double? peer = null) =>
        new() { Suite = BenchmarkSuite.Takeover, Name = "take-over p99", Value = value, Unit = "s", Peer = peer is null ? null : "server", PeerValue = peer };

    [Fact]
    public void Compare_RateRatioFellMoreThanAllowed_IsRegressedEvenWhenTheMachineGotFaster()
    {
        // The machine doubled the peer's rate but ours only rose by half: the ratio fell from 0.9 to 0.675.
        var rows = BenchmarkComparison.Compare(Report(Rate(1350, 2000)), Report(Rate(900, 1000)), 0.15);

        var row = Assert.Single(rows);
        Assert.True(row.ByRatio);
        Assert.Equal(-0.25, row.Change, 3);
        Assert.True(row.Regressed);
    }

    [Fact]
    public void Compare_SameRatioOnASlowerMachine_IsNotRegressed()
    {
        var rows = BenchmarkComparison.Compare(Report(Rate(450, 500)), Report(Rate(900, 1000)), 0.15);

        Assert.False(Assert.Single(rows).Regressed);
    }

    [Fact]
    public void Compare_LatencyWithoutPeerRose_IsRegressedAndALatencyThatFellIsBetter()
    {
        var worse = Assert.Single(BenchmarkComparison.Compare(Report(Latency(2.6)), Report(Latency(2.0)), 0.15));
        var better = Assert.Single(BenchmarkComparison.Compare(Report(Latency(1.5)), Report(Latency(2.0)), 0.15));

        Assert.False(worse.ByRatio);
        Assert.Equal(-0.3, worse.Change, 3);
        Assert.True(worse.Regressed);
        Assert.Equal(0.25, better.Change, 3);
        Assert.False(better.Regressed);
    }

    [Fact]
    public void Compare_FiguresMatchedBySuiteNameAndPeer_NewOnesAreLeftOut()
    {
        var raw = Rate(900, 1500) with { Peer = "raw txn" };
        var rows = BenchmarkComparison.Compare(Report(Rate(900, 1000), raw, Rate(5, 1, "new figure")), Report(Rate(900, 1000), raw with { PeerValue = 1000 }), 0.15);

        Assert.Equal(2, rows.Count);
        Assert.False(rows[0].Regressed);
        Assert.True(rows[1].Regressed);
        Assert.Equal("raw txn", rows[1].Figure.Peer);
    }

    [Theory]
    [InlineData("cycles/s", true)]
    [InlineData("seeds/min", true)]
    [InlineData("× real time", true)]
    [InlineData("ms", false)]
    [InlineData("%", false)]
    [InlineData("calls/cycle", false)]
    public void HigherIsBetter_Unit_FollowsWhatTheUnitMeasures(string unit, bool higher) =>
        Assert.Equal(higher, BenchmarkComparison.HigherIsBetter(unit));

    [Fact]
    public async Task RunAsync_BaselineRegressed_ExitsOneAndNamesTheFigure()
    {
        var directory = Directory.CreateTempSubdirectory("reslab-bench-baseline-").FullName;
        try
        {
            var first = Path.Combine(directory, "first.json");
            Assert.Equal(0, await BenchCommand.RunAsync(first, 0.1, quick: true, only: "checker", TextWriter.Null, CancellationToken.None));

            // A baseline whose checker was ten times faster than anything this run can do.
            var report = BenchmarkJson.Deserialize(await File.ReadAllTextAsync(first))!;
            var faster = report with { Figures = [.. report.Figures.Select(f => f.Unit == "ms" ? f with { Value = f.Value / 10, PeerValue = null } : f)] };
            var baseline = Path.Combine(directory, "baseline.json");
            BenchmarkJson.Write(faster, baseline);

            using var output = new StringWriter();
            var exit = await BenchCommand.RunAsync(null, 0.1, quick: true, only: "checker", output, CancellationToken.None, baseline, 15);

            Assert.Equal(1, exit);
            Assert.Contains("REGRESSED", output.ToString(), StringComparison.Ordinal);
            Assert.Contains("checker: linearizability check, 1,000 ops", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_BaselineMissing_ExitsTwoBeforeMeasuring()
    {
        using var output = new StringWriter();

        var exit = await BenchCommand.RunAsync(null, 0.1, quick: true, only: "checker", output, CancellationToken.None, "/nonexistent/baseline.json", 15);

        Assert.Equal(2, exit);
        Assert.StartsWith("error: --baseline /nonexistent/baseline.json: no such file", output.ToString(), StringComparison.Ordinal);
    }
}
