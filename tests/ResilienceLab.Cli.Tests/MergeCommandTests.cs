using System.Xml.Linq;
using ResilienceLab.Cli.Commands;
using ResilienceLab.Reporting.Summary;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Cli.Tests;

/// <summary>
/// Seeds sharded over several machines (issue #17, item 5): shards run as separate processes of the built CLI, as the
/// pods of an Indexed Job do, and <c>reslab merge</c> must give the verdict one unsharded run gives, seed by seed.
/// </summary>
public sealed class MergeCommandTests : IDisposable
{
    private const int Seeds = 5;
    private const int Shards = 3;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-merge-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Theory]
    [InlineData("simulation-smoke.yaml", ExitCodes.Pass)]
    [InlineData("unsafe-counter-lost-updates.yaml", ExitCodes.CheckFailed)]
    public async Task Merge_ShardsRunAsProcesses_GiveTheVerdictOfOneRunSeedBySeed(string planFile, int expectedExit)
    {
        var plan = Path.Combine(RepoPaths.ChaosPlans, planFile);
        var whole = Dir("whole");
        string[] common = ["simulate", plan, "--seeds", $"{Seeds}", "--from", "11", "--keep-going", "--parallel", "1"];

        var single = ReslabAsync([.. common, "--report", whole]);
        var shards = Enumerable.Range(0, Shards).Select(i => ReslabAsync([.. common, "--shard", $"{i}/{Shards}", "--report", Dir($"shard-{i}")])).ToList();
        var exits = await Task.WhenAll([single, .. shards]);
        var merged = await ReslabAsync(["merge", .. Enumerable.Range(0, Shards).Select(i => Dir($"shard-{i}")), "--report", Dir("merged")]);

        Assert.Equal((expectedExit, expectedExit), (exits[0], merged));
        var one = SeedRunsDocument.Read(Path.Combine(whole, SeedRunsDocument.FileName)).Runs;
        var all = SeedRunsDocument.Read(Path.Combine(Dir("merged"), SeedRunsDocument.FileName)).Runs;
        Assert.Equal(Enumerable.Range(11, Seeds).Select(s => (long)s), all.Select(r => r.Seed));
        Assert.Equal(one.Select(Describe), all.Select(Describe));
        Assert.Equal(TestCases(whole), TestCases(Dir("merged")));
        // Every shard ran only its own seeds: offsets i, i + N, ….
        for (var i = 0; i < Shards; i++)
        {
            var seeds = SeedRunsDocument.Read(Path.Combine(Dir($"shard-{i}"), SeedRunsDocument.FileName)).Runs.Select(r => r.Seed - 11);
            Assert.All(seeds, offset => Assert.Equal(i, offset % Shards));
        }

        // A failing seed's report is linked from the merged summary, so it must be there.
        Assert.All(all.Where(r => r.ReportDirectory is not null), r => Assert.True(File.Exists(Path.Combine(Dir("merged"), r.ReportDirectory!, "report.html"))));
        Assert.Equal(expectedExit == ExitCodes.CheckFailed, all.Any(r => r.ReportDirectory is not null));
    }

    [Fact]
    public void Run_AShardMissing_IsBadInputNamingIt()
    {
        Write("a", Document("p", "0/3", Run(1)));
        Write("b", Document("p", "2/3", Run(3)));
        var output = new StringWriter();

        var exit = MergeCommand.Run([Dir("a"), Dir("b")], Dir("merged"), output);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("shard(s) 1/3 missing", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Dir("merged"), SeedSummary.HtmlFile)));
    }

    [Fact]
    public void Run_ASeedInTwoResults_IsBadInput()
    {
        Write("a", Document("p", "0/2", Run(1)));
        Write("b", Document("p", "1/2", Run(1)));
        var output = new StringWriter();

        var exit = MergeCommand.Run([Dir("a"), Dir("b")], Dir("merged"), output);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("seed 1 is in both", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_CompleteShards_MergeIntoOneVerdictAndJUnitCasePerCheck()
    {
        Write("a", Document("p", "0/2", Run(1), Run(3, CheckStatus.Failed)));
        Write("b", Document("p", "1/2", Run(2)));
        var output = new StringWriter();

        var exit = MergeCommand.Run([Dir("a"), Path.Combine(Dir("b"), SeedRunsDocument.FileName)], Dir("merged"), output);

        Assert.Equal(ExitCodes.CheckFailed, exit);
        Assert.Equal(["check mutual-exclusion failed", "seed seed 3 failed"], TestCases(Dir("merged")).Where(c => c.EndsWith("failed", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("3/3")]
    [InlineData("1")]
    [InlineData("-1/2")]
    public void Simulate_ShardOutOfRangeOrMalformed_IsBadInput(string shard)
    {
        var output = new StringWriter();

        var exit = SimulateCommand.Run(Path.Combine(RepoPaths.ChaosPlans, "simulation-smoke.yaml"), 2, null, 1, false, Dir("r"), output, shardText: shard);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("error: --shard", output.ToString(), StringComparison.Ordinal);
    }

    private static string Describe(SeedRun run) =>
        $"{run.Seed} {run.Status} {string.Join(",", run.Checks.Select(c => $"{c.Check}={c.Status}"))} {run.FirstViolation}";

    // "check NAME passed|failed" per check and "seed NAME failed" per failing seed, in file order.
    private static List<string> TestCases(string directory) =>
    [
        .. XDocument.Load(Path.Combine(directory, "junit.xml")).Descendants("testcase").Select(c =>
            $"{((string)c.Attribute("classname")!)[7..]} {(string)c.Attribute("name")!} {(c.Element("failure") is not null ? "failed" : c.Element("error") is not null ? "error" : "passed")}"),
    ];

    private static SeedRunsDocument Document(string name, string shard, params SeedRun[] runs) => new()
    {
        Name = name,
        Properties = new Dictionary<string, string> { ["seeds"] = "1..3", [SeedShard.Property] = shard, ["plan"] = "p.yaml" },
        Runs = runs,
    };

    private static SeedRun Run(long seed, CheckStatus status = CheckStatus.Passed) => new()
    {
        Seed = seed,
        Status = status,
        Checks = [("mutual-exclusion", status)],
        FirstViolation = status == CheckStatus.Passed ? null : "mutual-exclusion/overlap: two holders",
        Recovery = new RecoveryFigures { TakeOver = [TimeSpan.FromSeconds(1)], Failover = [], Resumption = [] },
    };

    private void Write(string name, SeedRunsDocument document)
    {
        Directory.CreateDirectory(Dir(name));
        document.Write(Path.Combine(Dir(name), SeedRunsDocument.FileName));
    }

    private string Dir(string name) => Path.Combine(_directory.FullName, name);

    private static async Task<int> ReslabAsync(string[] arguments)
    {
        // Bounded: a simulated seed takes well under a second; minutes mean something hangs.
        var result = await Reslab.RunAsync(arguments, TimeSpan.FromMinutes(5));
        Assert.False(result.TimedOut, result.ToString());
        return result.ExitCode;
    }
}
