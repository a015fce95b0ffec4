using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.History;
using Xunit.Abstractions;

namespace ResilienceLab.Simulation.Tests.Faults;

/// <summary>
/// A lock holder whose clock runs slow past its lease: its keep-alives come late by its own clock, the store expires its
/// lease on true time and a waiter takes the lock over while the holder's clock still says its lease is good. The correct
/// workers stay safe: the holder learns of the loss from the store (its lock watches its key), not from its clock, and
/// stops. A holder that ignores that news and trusts its clock (the IgnoreLockLost negative control, whose commits are not
/// fenced) is caught. A clock at half speed still renews in time (keep-alives every third of the TTL).
/// </summary>
public sealed class ClockSkewFencingTests(ITestOutputHelper output)
{
    private const int Seeds = 5;
    private static readonly TimeSpan FaultDuration = TimeSpan.FromSeconds(10);

    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: slow-clock-holder}
        target: {kind: simulation, replicas: 3, seed: 1}
        store: {kind: simulated, callTimeout: 1s}
        workload:
          duration: 30s
          tasks: {count: 1, steps: 600, stepDuration: 100ms, lockTtl: 2s}
          election: {enabled: false}
        schedule:
          - {name: slow-holder, action: clock-skew, at: 5s, duration: 10s, drift: DRIFT, selector: {role: lock-holder, task: 0}}
        checks: [mutual-exclusion, task-resumption]
        """;

    [Fact]
    public void Run_HolderClockAtFifthSpeed_TakenOverAndLearnsItFromTheStore()
    {
        var plan = Load(-0.8);
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var outcome = SimulationRun.Run(plan, seed);

            Assert.True(outcome.Verdict.Passed, $"seed {seed}: " + string.Join("\n", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Summary}\n{r.Counterexample}")));
            var (holder, takeovers, lostFromStore) = Effects(outcome);
            output.WriteLine($"seed {seed}: {holder} slowed to a fifth; {takeovers} take-over(s) by others during the fault; lock.lost from the store: {lostFromStore}");
            Assert.True(takeovers > 0, $"seed {seed}: nobody took the lock from {holder} while its clock ran at a fifth of true speed");
            Assert.True(lostFromStore, $"seed {seed}: {holder} did not learn from the store that its key was gone");
        }
    }

    [Fact]
    public void Run_HolderThatTrustsItsSlowClock_IsCaught()
    {
        var plan = Load(-0.8);
        var caught = Enumerable.Range(1, Seeds).Select(seed => SimulationRun.Run(plan, seed, o => o.Tasks.IgnoreLockLost = true))
            .FirstOrDefault(o => o.Verdict.Results.Any(r => r.Name is "mutual-exclusion" or "task-resumption" && !r.Passed));

        Assert.True(caught is not null, $"a holder that ignores LockLost under a slow clock was not caught in {Seeds} seeds");
        output.WriteLine(string.Join("\n", caught.Verdict.Results.Where(r => !r.Passed).Select(r => $"seed {caught.Seed}: {r.Name}: {r.Summary}")));
    }

    [Fact]
    public void Run_HolderClockAtHalfSpeed_KeepsItsLease()
    {
        var plan = Load(-0.5);
        for (var seed = 1; seed <= Seeds; seed++)
        {
            var outcome = SimulationRun.Run(plan, seed);

            Assert.True(outcome.Verdict.Passed, $"seed {seed}");
            var (holder, takeovers, _) = Effects(outcome);
            Assert.True(takeovers == 0, $"seed {seed}: {holder} lost the lock at half speed; keep-alives every third of the TTL should still come in time");
        }
    }

    /// <summary>The replica the step slowed, how many times another replica acquired the lock during the fault, and whether the slowed replica recorded a lock.lost because the store deleted its key.</summary>
    private static (string Holder, int Takeovers, bool LostFromStore) Effects(SimulationOutcome outcome)
    {
        var entries = outcome.Run.Entries;
        var hit = entries.Single(e => e.Process == "chaos" && e.Op == HistoryOps.ChaosPrefix + "clock-skew" && e.Error is null);
        var holder = hit.Key!;
        var end = hit.Time + FaultDuration;
        var takeovers = entries.Count(e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok && e.Process != holder && e.Time > hit.Time && e.Time <= end);
        var lost = entries.Any(e => e.Op == HistoryOps.LockLost && e.Process == holder && e.Time > hit.Time && e.Time <= end && e.Error is { } error && error.Contains("deleted", StringComparison.Ordinal));
        return (holder, takeovers, lost);
    }

    private static ChaosPlan Load(double drift) =>
        PlanTexts.LoadPlan(Plan.Replace("DRIFT", drift.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "inline.yaml");
}
