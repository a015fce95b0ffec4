using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.History;
using ResilienceLab.Verification;
using ResilienceLab.Verification.Checkers.LostUpdates;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Plans;

/// <summary>The seed scenarios in chaos-plans/ with <c>target: local</c>, run as written: each meets the verdict it expects.</summary>
[Collection(LocalPlansCollection.Name)]
public sealed class ExampleLocalPlanTests(ITestOutputHelper output)
{
    /// <summary>The local plans the other test classes run, with the assertions specific to them.</summary>
    private static readonly string[] RunElsewhere = ["etcd-leader-kill.yaml", "partitioned-lock-holder.yaml", "quorum-loss.yaml", "slow-clock-lock-holder.yaml"];

    /// <summary>Local plans another suite owns, and why they are not run here.</summary>
    private static readonly Dictionary<string, string> OwnedElsewhere = new(StringComparer.Ordinal)
    {
        ["etcd-vs-nats.yaml"] = "the store comparison's plan: `reslab compare` runs it against etcd and NATS (docs/etcd-vs-nats.md)",
    };

    private static readonly string[] PassingPlans =
        ["lock-expiry-takeover.yaml", "leader-kill-reelection.yaml", "cas-contention.yaml", "startup-state-full-restart.yaml"];

    private const string UnsafeCounterPlan = "unsafe-counter-lost-updates.yaml";

    [Fact]
    public void ChaosPlans_EveryLocalPlan_IsRunByAnIntegrationTest()
    {
        var local = PlanFiles.LoadAll().Where(p => p.Plan.Target.Kind == TargetKind.Local).Select(p => p.FileName)
            .Where(name => !OwnedElsewhere.ContainsKey(name)).Order(StringComparer.Ordinal);

        Assert.Equal(RunElsewhere.Concat(PassingPlans).Append(UnsafeCounterPlan).Order(StringComparer.Ordinal), local);
    }

    [Theory]
    [InlineData("lock-expiry-takeover.yaml")]
    [InlineData("leader-kill-reelection.yaml")]
    [InlineData("cas-contention.yaml")]
    [InlineData("startup-state-full-restart.yaml")]
    public async Task RunAsync_SeedScenarioPlan_PassesEveryCheck(string fileName)
    {
        var plan = PlanFiles.Load(fileName);
        Assert.Equal(PlanExpectation.Pass, plan.Expect);

        var outcome = await PlanRunner.RunAsync(plan, output, expectPass: true);

        Assert.True(outcome.Verdict.Passed, outcome.Describe());

        // Every firing happened (a step with mode: all records one outcome per replica it hit).
        Assert.All(plan.Schedule, step => Assert.True(
            outcome.Run.Steps.Count(s => s.Step == step.Name) >= step.FiringTimes(plan.Workload.Duration).Count,
            $"step {step.Name} fired {outcome.Run.Steps.Count(s => s.Step == step.Name)} time(s), the plan says {step.FiringTimes(plan.Workload.Duration).Count}"));

        // A store-fault step bites inside the worker: the replica it hit has increments of unknown outcome in its window.
        foreach (var step in plan.Schedule.Where(s => s.Arguments is StoreFaultArguments { Fault: StoreFaultKind.Indeterminate }))
        {
            var hit = outcome.Run.Steps.First(s => s.Step == step.Name);
            var from = HistoryFacts.Start(outcome.History) + hit.At;
            var until = from + step.Arguments.Duration!.Value + TimeSpan.FromSeconds(3);
            var unknown = HistoryFacts.Operations(outcome.History, HistoryOps.CounterIncrement)
                .Count(o => o.Process == hit.Target && o.Completion?.Type == HistoryEntryType.Info && o.Invoke.Time >= from && o.Invoke.Time <= until);
            output.WriteLine($"{step.Name} on {hit.Target}: {unknown} increment(s) of unknown outcome in its window");
            Assert.True(unknown > 0, $"{step.Name} hit {hit.Target}, which recorded no increment of unknown outcome between {from:O} and {until:O}");
        }
    }

    [Fact]
    public async Task RunAsync_UnsafeCounterPlan_FailsLostUpdates()
    {
        var plan = PlanFiles.Load(UnsafeCounterPlan);
        Assert.Equal(PlanExpectation.Fail, plan.Expect);

        var outcome = await PlanRunner.RunAsync(plan, output, expectPass: false);

        var lost = outcome.Check(LostUpdatesConstants.Name);
        var acknowledged = HistoryFacts.Operations(outcome.History, HistoryOps.CounterIncrement).Count(i => i.IsOk);
        output.WriteLine($"{acknowledged} increments acknowledged, final counter {outcome.Run.FinalCounter}");
        Assert.Equal(CheckStatus.Failed, lost.Status);
        Assert.Contains(lost.Violations, v => v.Kind == LostUpdatesConstants.LostUpdates);

        // The bug is what failed the run: the chaos hit its targets and the run completed.
        Assert.True(outcome.Check(RunVerification.ChaosTargeting).Passed, outcome.Describe());
        Assert.True(outcome.Check(RunVerification.SteadyState).Passed, outcome.Describe());
    }
}
