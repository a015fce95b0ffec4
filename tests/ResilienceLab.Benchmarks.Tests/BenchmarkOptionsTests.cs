namespace ResilienceLab.Benchmarks.Tests;

public sealed class BenchmarkOptionsTests
{
    [Fact]
    public void Create_Quick_UsesShortSettingsAndOneTtl()
    {
        var quick = BenchmarkOptions.Create(quick: true);

        Assert.True(quick.Quick);
        Assert.Equal(BenchmarkConstants.QuickDuration, quick.Duration);
        Assert.Equal([TimeSpan.FromSeconds(2)], quick.TakeoverTtls);
        Assert.True(quick.TakeoverTrials < BenchmarkOptions.Create(quick: false).TakeoverTrials);
    }

    [Fact]
    public void Validate_StoreSuiteWithoutEtcd_NamesTheProblem()
    {
        var options = new BenchmarkOptions { Suites = new HashSet<BenchmarkSuite> { BenchmarkSuite.Lock }, Duration = TimeSpan.FromHours(1) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("EtcdEndpoints is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Duration = 3600 s is out of range", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RemoteEtcd_IsRefused()
    {
        var options = new BenchmarkOptions { EtcdEndpoints = ["http://10.0.0.5:2379"] };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("'http://10.0.0.5:2379' is not a loopback URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SimulationOnly_NeedsNoEtcd()
    {
        var options = new BenchmarkOptions { Suites = new HashSet<BenchmarkSuite> { BenchmarkSuite.Simulation, BenchmarkSuite.Checker } };

        Assert.Empty(options.GetValidationErrors());
        Assert.False(options.NeedsEtcd);
    }

    [Fact]
    public void Validate_NoSimulateCommandSeeds_NamesTheProblem()
    {
        var options = new BenchmarkOptions { Suites = new HashSet<BenchmarkSuite> { BenchmarkSuite.Simulation }, SimulateCommandSeeds = 0, ReslabPath = " " };

        var errors = options.GetValidationErrors();

        Assert.Contains(errors, e => e.StartsWith("SimulateCommandSeeds = 0 is out of range", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ReslabPath is empty", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_QuickAndFull_TimeTheReadmeCommandWithFewerSeedsWhenQuick()
    {
        Assert.Equal(200, BenchmarkOptions.Create(quick: false).SimulateCommandSeeds);
        Assert.True(BenchmarkOptions.Create(quick: true).SimulateCommandSeeds < 200);
    }

    [Fact]
    public void ParseSuites_List_IgnoresCaseAndSpaces()
    {
        Assert.Equal(new HashSet<BenchmarkSuite> { BenchmarkSuite.Lock, BenchmarkSuite.Cas }, BenchmarkOptions.ParseSuites("LOCK, cas"));
    }

    [Theory]
    [InlineData("locks")]
    [InlineData("1")]
    [InlineData(",")]
    public void ParseSuites_Unknown_ListsTheValidNames(string list)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchmarkOptions.ParseSuites(list));

        Assert.Contains("--only", error.Message, StringComparison.Ordinal);
    }
}
