using ResilienceLab.Chaos.Mutation;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Workers;

namespace ResilienceLab.Simulation.Tests;

/// <summary>
/// The mutation harness on a small budget (the full hunt, eng/mutants.sh, is not a CI job): the shipped plans catch seeded
/// bugs of the classes issue 21 names by the checks written for them, and the correct code passes the same seeds.
/// </summary>
public sealed class MutantHuntTests
{
    private static readonly MutantHuntOptions SmallBudget = new() { SeedBudget = 3, Parallelism = 2 };

    [Fact]
    public void Hunt_KeepAliveIntervalEqualsTtl_CaughtByLivenessOnTheLeaderPlan()
    {
        var verdict = MutantHunt.Hunt(SeededBug.KeepAliveIntervalEqualsTtl, [PlanFiles.Load("leader-pause-partition.yaml")], SmallBudget);

        Assert.True(verdict.Caught, "renewals at the TTL were not caught in 3 seeds");
        Assert.Contains("liveness", verdict.Checks);
    }

    [Fact]
    public void Hunt_LostSessionHandedOut_CaughtByLivenessOnTheHolderPlan()
    {
        var verdict = MutantHunt.Hunt(SeededBug.LostSessionHandedOut, [PlanFiles.Load("holder-pause-partition.yaml")], SmallBudget);

        Assert.True(verdict.Caught, "a replica handing out its lost session was not caught in 3 seeds");
        Assert.Contains("liveness", verdict.Checks);
    }

    [Fact]
    public void Hunt_KeepAliveStopsAfterError_CaughtByLivenessOnTheHolderPlan()
    {
        // The plan refuses every store call for half a second now and then: a renewal loop must outlive one failed keep-alive.
        var verdict = MutantHunt.Hunt(SeededBug.KeepAliveStopsAfterError, [PlanFiles.Load("holder-pause-partition.yaml")], SmallBudget);

        Assert.True(verdict.Caught, "a keep-alive loop that stops after one error was not caught in 3 seeds");
        Assert.Contains("liveness", verdict.Checks);
    }

    [Fact]
    public void Hunt_CorrectCode_SamePlansAndSeedsPass()
    {
        foreach (var name in new[] { "leader-pause-partition.yaml", "holder-pause-partition.yaml" })
        {
            var plan = PlanFiles.Load(name);
            for (var seed = 1; seed <= SmallBudget.SeedBudget; seed++)
            {
                var outcome = SimulationRun.Run(plan, seed);
                Assert.True(outcome.Verdict.Passed, $"{name} seed {seed}: " + string.Join("\n", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Counterexample}")));
            }
        }
    }

    [Fact]
    public void AllBugs_EveryVariantButNone_AtLeastTen()
    {
        var bugs = MutantHunt.AllBugs();

        Assert.DoesNotContain(SeededBug.None, bugs);
        Assert.True(bugs.Count >= 10, $"only {bugs.Count} seeded bugs");
    }
}
