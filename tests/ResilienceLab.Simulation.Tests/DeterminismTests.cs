using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ResilienceLab.Chaos.Running;
using ResilienceLab.History;

namespace ResilienceLab.Simulation.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Run_SamePlanAndSeedTwice_HistoriesIdenticalByteForByte()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var first = SimulationRun.Run(plan, 7);
        var second = SimulationRun.Run(plan, 7);

        Assert.Equal(0, first.ForeignPosts + second.ForeignPosts);
        Assert.True(first.Run.Entries.Count > 500, $"the run recorded only {first.Run.Entries.Count} entries");
        Assert.Equal(Hash(first), Hash(second));
        Assert.Equal(first.Steps, second.Steps);
    }

    [Fact]
    public void Run_SameSeedAfterOtherSeedsRanInTheProcess_HistoryIdenticalByteForByte()
    {
        // What `reslab simulate` does: many seeds in one process, two at a time on pool threads. Anything kept from
        // one seed to the next (a cache, a pool, a static) must not leak into the next seed's schedule.
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var first = SimulationRun.Run(plan, 11);
        var others = new ConcurrentBag<long>();
        Parallel.For(12, 16, new ParallelOptions { MaxDegreeOfParallelism = 2 }, seed => others.Add(SimulationRun.Run(plan, seed).Steps));
        var again = SimulationRun.Run(plan, 11);

        Assert.Equal(4, others.Count);
        Assert.Equal(0, first.ForeignPosts + again.ForeignPosts);
        Assert.Equal(Hash(first), Hash(again));
        Assert.Equal(first.Steps, again.Steps);
        Assert.Equal(first.Verdict.Results.Select(r => (r.Name, r.Status)), again.Verdict.Results.Select(r => (r.Name, r.Status)));
    }

    [Fact]
    public void Run_DifferentSeeds_ExploreDifferentSchedules()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var hashes = Enumerable.Range(100, 3).Select(seed => Hash(SimulationRun.Run(plan, seed))).ToHashSet();
        Assert.Equal(3, hashes.Count);
    }

    private static string Hash(SimulationOutcome outcome)
    {
        var text = string.Join("\n", outcome.Run.Entries.Select(HistoryJson.Serialize));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
