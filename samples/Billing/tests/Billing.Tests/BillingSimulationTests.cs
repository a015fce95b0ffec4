using Microsoft.Extensions.DependencyInjection;
using ResilienceLab.Testing;
using Xunit.Abstractions;

namespace Billing.Tests;

/// <summary>
/// The billing service as three simulated replicas under plans/billing-simulation.yaml: killed, paused past their lease,
/// partitioned and losing store replies, in virtual time, one deterministic run per seed, every seed checked.
/// </summary>
public sealed class BillingSimulationTests(ITestOutputHelper output)
{
    /// <summary>Seeds the correct service must pass (about half a minute on an idle 2-core machine).</summary>
    private const int CorrectSeeds = 40;

    /// <summary>Seeds within which the buggy twin must fail.</summary>
    private const int TwinSeedBudget = 40;

    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "plans", "billing-simulation.yaml");

    [Fact]
    public void AddBilling_UnderThePlan_PassesEverySeed()
    {
        var result = ServiceSimulation.AssertPasses(Plan, AddBilling, Options(CorrectSeeds));

        output.WriteLine(result.Describe());
        Assert.Equal(CorrectSeeds, result.Seeds.Count);
    }

    [Fact]
    public void AddBilling_UnfencedCheckpoints_FailsMutualExclusionWithinTheSeedBudgetAndTheSeedReplays()
    {
        var result = ServiceSimulation.Run(Plan, AddBilling, Twin(Options(TwinSeedBudget)));

        output.WriteLine(result.Describe());
        var failure = Assert.IsType<SeedResult>(result.FirstFailure);
        var check = Assert.IsType<ResilienceLab.Verification.CheckResult>(failure.FirstFailedCheck);
        Assert.Equal("mutual-exclusion", check.Name);
        Assert.Contains(check.Violations, v => v.Kind is "write-after-newer-holder" or "stale-write");

        // The line the failure report prints replays the seed alone, to the same violation.
        var replay = ServiceSimulation.Run(Plan, AddBilling, Twin(Options(1, failure.Seed)));
        Assert.Equal(check.Summary, replay.FirstFailure?.FirstFailedCheck?.Summary);
    }

    private static ServiceSimulationOptions Twin(ServiceSimulationOptions options)
    {
        options.Configuration["Billing:UnfencedCheckpoints"] = "true";
        return options;
    }

    private static ServiceSimulationOptions Options(int seeds, long firstSeed = 1) =>
        new() { Seeds = seeds, FirstSeed = firstSeed, LockTtl = TimeSpan.FromSeconds(3) };

    // Registered as production registers it, with the configuration the harness gave the replica (as the command line does).
    private static readonly Action<IServiceCollection> AddBilling = ServiceAssembly.Registration(new BillingReplicaSetup());
}
