using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Workers;
using Xunit.Abstractions;

namespace ResilienceLab.Simulation.Tests;

/// <summary>
/// The simulator must find the seeded bugs within a stated number of seeds, and must not flag the correct workers.
/// Each bug is a worker option that only negative controls set.
/// </summary>
public sealed class SeededBugTests(ITestOutputHelper output)
{
    /// <summary>The most seeds a seeded bug may take to show up.</summary>
    private const int SeedBudget = 20;

    // Lock holders are paused past their TTL and partitioned from the store: the stale-holder case fencing exists for.
    private const string StaleHolderPlan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: stale-holder}
        target: {kind: simulation, replicas: 3, seed: 1}
        store: {kind: simulated, callTimeout: 1s}
        workload:
          duration: 40s
          tasks: {count: 2, steps: 600, stepDuration: 100ms, lockTtl: 2s}
          election: {enabled: false}
        schedule:
          - name: pause-holder-0
            action: pause
            at: 3s
            every: 9s
            duration: 4s
            jitter: 1s
            selector: {role: lock-holder, task: 0}
          - name: partition-holder-1
            action: partition
            at: 7s
            every: 9s
            duration: 3s
            jitter: 1s
            selector: {role: lock-holder, task: 1}
        checks: [mutual-exclusion, task-resumption]
        """;

    [Fact]
    public void Run_UnsafeCounter_LostUpdatesFoundWithinBudget()
    {
        var plan = Load("""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata: {name: unsafe-counter}
            target: {kind: simulation, replicas: 3, seed: 1}
            store: {kind: simulated}
            workload:
              duration: 20s
              counter: {increments: 50, mode: unsafe, readWriteGap: 5ms}
            checks: [lost-updates, linearizability]
            expect: fail
            """);
        var failing = FirstFailingSeed(plan, null, ["lost-updates"]);
        Assert.True(failing <= SeedBudget, $"no lost update found in {SeedBudget} seeds");
    }

    [Fact]
    public void Run_UnfencedTaskWorker_StaleWriteFoundWithinBudget()
    {
        var failing = FirstFailingSeed(Load(StaleHolderPlan), o => o.Tasks.Fencing = FencingMode.Unfenced, ["mutual-exclusion", "task-resumption"]);
        Assert.True(failing <= SeedBudget, $"the unfenced worker was not caught in {SeedBudget} seeds");
    }

    [Fact]
    public void Run_HolderIgnoresLockLost_StaleWriteFoundWithinBudget()
    {
        var failing = FirstFailingSeed(Load(StaleHolderPlan), o => o.Tasks.IgnoreLockLost = true, ["mutual-exclusion", "task-resumption"]);
        Assert.True(failing <= SeedBudget, $"the holder that ignores LockLost was not caught in {SeedBudget} seeds");
    }

    [Fact]
    public void Run_CorrectWorkersUnderStaleHolderChaos_PassManySeeds()
    {
        var plan = Load(StaleHolderPlan);
        for (var seed = 1; seed <= SeedBudget; seed++)
        {
            var outcome = SimulationRun.Run(plan, seed);
            Assert.True(outcome.Verdict.Passed, $"seed {seed}: " + string.Join("\n", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Counterexample}")));
        }
    }

    private int FirstFailingSeed(ChaosPlan plan, Action<ReplicaOptions>? bug, string[] checks)
    {
        for (var seed = 1; seed <= SeedBudget; seed++)
        {
            var outcome = SimulationRun.Run(plan, seed, bug);
            var failed = outcome.Verdict.Results.Where(r => !r.Passed).ToList();
            if (failed.Any(r => checks.Contains(r.Name)))
            {
                output.WriteLine($"seed {seed} fails: {string.Join("; ", failed.Select(r => $"{r.Name}: {r.Summary}"))}");
                output.WriteLine(failed[0].Counterexample);
                return seed;
            }
        }

        return int.MaxValue;
    }

    private static ChaosPlan Load(string yaml)
    {
        var result = ChaosPlanLoader.LoadText(yaml, "inline.yaml");
        Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
        return result.Plan!;
    }
}
