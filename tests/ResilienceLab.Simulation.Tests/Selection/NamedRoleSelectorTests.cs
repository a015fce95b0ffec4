using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;

namespace ResilienceLab.Simulation.Tests.Selection;

/// <summary>
/// Role selectors that name a lock (or a lock prefix) or an election as the service names it, resolved from the store
/// when the step fires and verified after the hit — here on the reference workers' own keys, so the answer is known.
/// </summary>
public sealed class NamedRoleSelectorTests
{
    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: named-roles}
        target: {kind: simulation, replicas: 4, seed: 3}
        store: {kind: simulated}
        workload:
          duration: 30s
          tasks: {count: 3, steps: 400, stepDuration: 100ms, lockTtl: 2s}
          election: {enabled: true, ttl: 2s}
        schedule:
        SCHEDULE
        """;

    [Theory]
    [InlineData("{role: lock-holder, lock: /locks/tasks/}", "lock-holder of /locks/tasks/")]
    [InlineData("{role: lock-holder, lock: /locks/tasks/1}", "lock-holder of /locks/tasks/1")]
    [InlineData("{role: leader, election: /election/workers}", "leader")]
    public void Run_SelectorNamingALockOrElection_HitsItsHolderAndVerifiesTheRoleAfterTheHit(string selector, string role)
    {
        var outcome = Run($"  - {{name: hit, action: kill, at: 10s, selector: {selector}}}");

        var step = Assert.Single(outcome.Run.Steps);
        Assert.True(step.Succeeded, $"{step.Error} {step.Evidence}");
        Assert.StartsWith(role, step.Role);
        Assert.True(step.RoleVerified);
    }

    [Fact]
    public void Run_LockPrefixWithModeAll_HitsEveryHolderUnderThePrefix()
    {
        var outcome = Run("  - {name: hit, action: pause, at: 10s, duration: 1s, selector: {mode: all, role: lock-holder, lock: /locks/tasks/}}");

        // Three tasks, each held by some replica: every distinct holder is hit (a replica holding two counts once).
        var hits = outcome.Run.Steps.Where(s => s.Step == "hit").ToList();
        Assert.InRange(hits.Count, 1, 3);
        Assert.All(hits, s => Assert.True(s.Succeeded, s.Error));
        Assert.Equal(hits.Count, hits.Select(s => s.Target).Distinct().Count());
    }

    [Fact]
    public void Run_LockNobodyHolds_FailsTheStepNamingTheLock()
    {
        var outcome = Run("  - {name: hit, action: kill, at: 10s, selector: {role: lock-holder, lock: /billing/locks/}}");

        var step = Assert.Single(outcome.Run.Steps);
        Assert.False(step.Succeeded);
        Assert.Contains("no live replica holds a lock under /billing/locks/", step.Error);
        Assert.Contains(outcome.Verdict.Results, r => r.Name == RunVerification.ChaosTargeting && !r.Passed);
    }

    [Fact]
    public void Run_ElectionNobodyLeads_FailsTheStepNamingTheElection()
    {
        var outcome = Run("  - {name: hit, action: kill, at: 10s, selector: {role: leader, election: /billing/scheduler}}");

        var step = Assert.Single(outcome.Run.Steps);
        Assert.Contains("no live replica leads /billing/scheduler", step.Error);
    }

    private static SimulationOutcome Run(string schedule)
    {
        var loaded = ChaosPlanLoader.LoadText(Plan.Replace("SCHEDULE", schedule, StringComparison.Ordinal), "named-roles.yaml");
        Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics));
        return SimulationRun.Run(loaded.Plan!, loaded.Plan!.Target.Seed);
    }
}
