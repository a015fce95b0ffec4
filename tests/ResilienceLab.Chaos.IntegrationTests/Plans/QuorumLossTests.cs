using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.History;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Plans;

/// <summary>chaos-plans/quorum-loss.yaml: two of three etcd members are killed for a while, then restarted.</summary>
[Collection(LocalPlansCollection.Name)]
public sealed class QuorumLossTests(ITestOutputHelper output)
{
    // A reply already on its way when the majority died may still be recorded a moment later by a busy worker.
    private static readonly TimeSpan InFlightGrace = TimeSpan.FromSeconds(1);

    // Physics: members rejoin and elect in about a second, then the leases nobody could renew expire (TTL + the
    // lessor's 500 ms tick) before their locks are free. Twenty seconds on top of the TTL is far beyond that.
    private static readonly TimeSpan ResumeSlack = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_TwoOfThreeMembersKilledThenRestarted_NoSafetyViolationAndWorkStopsThenResumes()
    {
        var plan = PlanFiles.Load("quorum-loss.yaml");
        var outage = plan.Schedule.Single().Arguments.Duration!.Value;

        var outcome = await PlanRunner.RunAsync(plan, output, expectPass: true);

        var history = outcome.History;
        var kill = Assert.Single(HistoryFacts.ChaosEvents(history, "kill-etcd-quorum"));
        var restart = Assert.Single(HistoryFacts.ChaosEvents(history, "restart-etcd-member"));

        // The undo starts when the step's duration has passed since it fired; the restart event is recorded once
        // the members are back and healthy (a leader, a linearizable read).
        var restartBegan = kill.Time + outage;
        var commits = HistoryFacts.Operations(history, HistoryOps.TaskCommit);
        var before = commits.Count(c => c.IsOk && c.End < kill.Time);
        var during = commits.Where(c => c.IsOk && c.End > kill.Time + InFlightGrace && c.End < restartBegan).ToList();
        var refused = commits.Count(c => !c.IsOk && c.End > kill.Time && c.End < restartBegan);
        var resumed = HistoryFacts.FirstOkCompletedAfter(history, HistoryOps.TaskCommit, restartBegan);
        var increments = HistoryFacts.Operations(history, HistoryOps.CounterIncrement);
        output.WriteLine($"quorum killed ({kill.Key}) at {HistoryFacts.At(history, kill.Time)}, restart began at {HistoryFacts.At(history, restartBegan)}, members healthy (restart event) at {HistoryFacts.At(history, restart.Time)}");
        output.WriteLine($"task commits: {before} ok before the kill, {during.Count} ok while the quorum was down, {refused} refused or unknown meanwhile");
        output.WriteLine($"counter increments: {increments.Count(i => i.IsOk)} ok, {increments.Count(i => i.IsFail)} failed, {increments.Count(i => i.Completion?.Type == HistoryEntryType.Info)} unknown; last ok at {(increments.Where(i => i.IsOk).Select(i => i.End).DefaultIfEmpty().Max() is var last && last != default ? HistoryFacts.At(history, last) : "-")}");
        output.WriteLine(resumed is null
            ? "RECOVERY quorum restored → no task commit afterwards"
            : $"RECOVERY quorum restored → first task commit {(resumed.End - restartBegan).TotalSeconds:0.00} s after the restart began, {(resumed.End - restart.Time).TotalSeconds:0.00} s after the members were healthy ({resumed.Process}, {resumed.Invoke.Key} step {resumed.Invoke.Value}, token {resumed.Token}); work stalled {(resumed.End - kill.Time).TotalSeconds:0.00} s in all");

        var (replacements, stoppedEarly) = HistoryFacts.ReplicaTurnover(history);
        output.WriteLine($"replicas replaced during the run: {replacements.Count} ({string.Join(", ", replacements)}); stopped on their own: {(stoppedEarly.Count == 0 ? "none" : string.Join(", ", stoppedEarly))}");

        Assert.True(outcome.Verdict.Passed, outcome.Describe());
        Assert.Equal(2, kill.Key!.Split(',').Length);
        Assert.True(before > 0, "no task step was committed before the quorum was killed: the experiment saw no work to stop");
        Assert.True(during.Count == 0, $"{during.Count} task commit(s) succeeded without a quorum, e.g. {during.FirstOrDefault()?.Process} at {(during.Count > 0 ? HistoryFacts.At(history, during[0].End) : "")}");
        Assert.True(resumed is not null, "no task step was committed after the quorum came back");
        var ttl = plan.Workload.Tasks.LockTtl;
        Assert.True(resumed.End - restartBegan < ttl + ResumeSlack, $"work resumed only {(resumed.End - restartBegan).TotalSeconds:0.0} s after the restart began");
    }
}
