using ResilienceLab.Benchmarks.Output;

namespace ResilienceLab.Benchmarks.Tests;

/// <summary>
/// Runs each suite in a tiny configuration against a real etcd and checks the shape of what it reports — positive
/// rates, a ratio for every figure with a peer, no failed suite — never timing targets (a loaded CI machine
/// would make those flaky).
/// </summary>
public sealed class BenchmarkRunnerTests(EtcdFixture etcd) : IClassFixture<EtcdFixture>
{
    [Theory]
    [InlineData(BenchmarkSuite.Lock)]
    [InlineData(BenchmarkSuite.Election)]
    [InlineData(BenchmarkSuite.Takeover)]
    [InlineData(BenchmarkSuite.Cas)]
    [InlineData(BenchmarkSuite.Simulation)]
    [InlineData(BenchmarkSuite.Checker)]
    public async Task RunAsync_TinySuite_ReportsSaneFigures(BenchmarkSuite suite)
    {
        var log = new List<string>();

        var report = await BenchmarkRunner.RunAsync(CreateOptions(suite), line => log.Add(line));

        Assert.Equal([suite], report.Suites);
        Assert.NotEmpty(report.Figures);
        Assert.All(report.Figures, f =>
        {
            Assert.Equal(suite, f.Suite);
            Assert.True(f.Name != "suite failed", $"{suite} failed: {f.Note}");
            Assert.True(double.IsFinite(f.Value) && f.Value >= 0, $"{f.Name}: value {f.Value}");
            if (f.Unit.EndsWith("/s", StringComparison.Ordinal) || f.Unit.EndsWith("/min", StringComparison.Ordinal) || f.Unit == "× real time")
            {
                Assert.True(f.Value > 0, $"{f.Name}: rate {f.Value} {f.Unit}");
            }

            if (f.Peer is not null)
            {
                // A share (%) may be 0 for the peer too; every other peer value is a rate, a latency or a count.
                Assert.True(f.Unit == "%" ? f.PeerValue >= 0 : f.PeerValue > 0, $"{f.Name}: peer {f.Peer} = {f.PeerValue}");
                Assert.True(f.PeerValue == 0 || f.Ratio >= 0, $"{f.Name}: ratio {f.Ratio}");
            }

            Assert.Equal(f.Target is null, f.TargetMet is null);
        });
        Assert.NotEmpty(log);
        Assert.Contains(report.Figures, f => f.Peer is not null);
    }

    [Fact]
    public async Task RunAsync_Lock_ComparesEveryShapeWithBothPeers()
    {
        var report = await BenchmarkRunner.RunAsync(CreateOptions(BenchmarkSuite.Lock));

        foreach (var shape in new[] { "1 contender", "2 contenders on 1 lock", "2 contenders on 2 locks" })
        {
            var rows = report.Figures.Where(f => f.Name == $"lock cycles/s, {shape}").ToList();
            Assert.Contains(rows, f => f.Peer!.Contains("server-side lock", StringComparison.Ordinal) && f.Target == "≥ 0.9× peer");
            Assert.Contains(rows, f => f.Peer!.Contains("raw txn", StringComparison.Ordinal) && f.Target == "≥ 0.3× peer");
        }

        var roundTrips = report.Figures.Single(f => f.Name == "lock round trips per cycle, 1 contender");
        Assert.Equal(2.0, roundTrips.PeerValue);
        Assert.True(roundTrips.Value >= 2, $"our lock made {roundTrips.Value} calls per cycle");
    }

    [Fact]
    public async Task RunAsync_Simulation_TimesTheSimulateCommandAsAProcessBesideTheInProcessFigure()
    {
        var report = await BenchmarkRunner.RunAsync(CreateOptions(BenchmarkSuite.Simulation));

        var inProcess = report.Figures.Single(f => f.Name.StartsWith("seeds/min, simulation-smoke", StringComparison.Ordinal));
        var command = report.Figures.Single(f => f.Name.Contains("`reslab simulate simulation-smoke.yaml --seeds 2 --report DIR` as a process", StringComparison.Ordinal));
        Assert.Equal(inProcess.Value, command.PeerValue);
        Assert.True(command.Value > 0, $"{command.Value} seeds/min");
        Assert.Equal("≥ 4000", command.Target);

        // The note splits the process's time using the command's own summary and cost lines: it breaks if either changes shape.
        Assert.Contains("2 seeds in ", command.Note, StringComparison.Ordinal);
        Assert.Contains("every seed passed", command.Note, StringComparison.Ordinal);
        Assert.Contains("s outside them (runtime start-up", command.Note, StringComparison.Ordinal);
        Assert.Contains("cost: 2 seeds (2 passed every check)", command.Note, StringComparison.Ordinal);
        Assert.Contains("MB allocated per seed", command.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NativeReslabGiven_TimesItAsASecondFigureBesideTheJitBuild()
    {
        var options = CreateOptions(BenchmarkSuite.Simulation);
        options.NativeReslabPath = options.ReslabPath; // any reslab executable: the figure is about which program ran

        var report = await BenchmarkRunner.RunAsync(options);

        var jit = report.Figures.Single(f => f.Name.Contains("--report DIR` as a process", StringComparison.Ordinal));
        var native = report.Figures.Single(f => f.Name.Contains("--report DIR` natively compiled, as eng/reslab.sh runs it, as a process", StringComparison.Ordinal));
        Assert.Equal(jit.PeerValue, native.PeerValue);
        Assert.True(native.Value > 0, $"{native.Value} seeds/min");
        Assert.Contains("cost: 2 seeds (2 passed every check)", native.Note, StringComparison.Ordinal);

        // The target is the README command's, which runs the native build: the JIT build's figure is for comparison.
        Assert.Equal("≥ 4000", native.Target);
        Assert.Null(jit.Target);
        Assert.Null(jit.TargetMet);
        Assert.StartsWith("for comparison, no target", jit.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void FindNativeReslab_BuildInAFolderAbove_FindsItAndNoneWithout()
    {
        var root = Directory.CreateTempSubdirectory("reslab-native-find-").FullName;
        try
        {
            var deep = Directory.CreateDirectory(Path.Combine(root, "src", "x", "bin")).FullName;
            Assert.Null(BenchmarkOptions.FindNativeReslab(deep));

            var native = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "eng", "native", "bin", "publish")).FullName, "reslab");
            File.WriteAllText(native, string.Empty);

            Assert.Equal(native, BenchmarkOptions.FindNativeReslab(deep));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_SimulateCommandMissing_ReportsTheSuiteFailedWithTheReason()
    {
        var options = CreateOptions(BenchmarkSuite.Simulation);
        options.ReslabPath = Path.Combine(Path.GetTempPath(), $"no-reslab-{Guid.NewGuid():N}");

        var report = await BenchmarkRunner.RunAsync(options);

        var failed = Assert.Single(report.Figures, f => f.Name == "suite failed");
        Assert.False(failed.TargetMet);
        Assert.Contains("no-reslab-", failed.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Checker_WritesJsonWithRatios()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-bench-{Guid.NewGuid():N}.json");
        try
        {
            var report = await BenchmarkRunner.RunAsync(CreateOptions(BenchmarkSuite.Checker));

            BenchmarkJson.Write(report, path);

            var json = File.ReadAllText(path);
            var back = BenchmarkJson.Deserialize(json);
            Assert.NotNull(back);
            Assert.Equal(report.Figures.Count, back.Figures.Count);
            Assert.Contains("\"ratio\":", json, StringComparison.Ordinal);
            Assert.Contains("\"machine\":", json, StringComparison.Ordinal);
            Assert.Equal(report.Figures[1].Ratio, back.Figures[1].Ratio);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunAsync_Stores_MeasuresEveryVariantOfBothStoresAsCompareReportsThem()
    {
        var report = await BenchmarkRunner.RunAsync(CreateOptions(BenchmarkSuite.Stores));

        // One take-over figure per variant (etcd's watch, NATS at each poll interval) and one CAS figure per writer count.
        var takeOver = report.Figures.Where(f => f.Name.StartsWith("take-over after expiry", StringComparison.Ordinal)).ToList();
        Assert.Equal(1 + Stores.StoreBenchmark.PollIntervals.Count, takeOver.Count);
        Assert.All(takeOver, f => Assert.InRange(f.Value, 0, (Stores.StoreBenchmark.Ttl * 5).TotalMilliseconds));
        Assert.Equal(Stores.StoreBenchmark.Writers.Count, report.Figures.Count(f => f.Name.StartsWith("CAS increments/s", StringComparison.Ordinal)));
    }

    private BenchmarkOptions CreateOptions(BenchmarkSuite suite) => new()
    {
        Suites = new HashSet<BenchmarkSuite> { suite },
        EtcdEndpoints = etcd.Cluster.ClientEndpoints.ToList(),
        EtcdProcessIds = etcd.Cluster.Members.Select(m => m.ProcessId).OfType<int>().ToList(),
        Duration = TimeSpan.FromMilliseconds(100),
        Rounds = 1,
        LockContenders = 2,
        TakeoverTtls = [TimeSpan.FromSeconds(1)],
        TakeoverTrials = 1,
        TakeoverLanes = 1,
        ObservationTrials = 3,
        CasWriters = [1, 2],
        SimulationReplicas = [5, 60],
        LargeReplicaLength = TimeSpan.FromSeconds(5),
        SimulationLengths = [TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60)],
        SimulationParallelism = 2,
        SimulateCommandSeeds = 2,
        NativeReslabPath = null, // whether a checkout has built it must not change what a test measures
        CheckerSizes = [100, 200],
    };
}
