using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.History;
using ResilienceLab.Workers;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Plans;

/// <summary>
/// chaos-plans/slow-clock-lock-holder.yaml on real worker processes: the skew reaches each hit worker's clock through its
/// fault file. The holder of task 0, its clock at a fifth of true speed and nothing else wrong with it, renews too late
/// by true time and loses its lock to another replica while the fault lasts; the holder of task 1, its clock stepped back
/// 5 s, has its armed timers (its keep-alive's among them) held back as long, falls silent past its TTL and loses task 1.
/// The run passes every check. The windows are generous: the worker applies its fault file within 100 ms.
/// </summary>
[Collection(LocalPlansCollection.Name)]
public sealed class SlowClockLockHolderTests(ITestOutputHelper output)
{
    private const string PlanFile = "slow-clock-lock-holder.yaml";

    [Fact]
    public async Task RunAsync_SkewedHolders_LoseTheirLocksByTheirOwnClocksAndThePlanPasses()
    {
        var plan = PlanFiles.Load(PlanFile);

        var outcome = await PlanRunner.RunAsync(plan, output, expectPass: true);

        var history = outcome.History;
        var hits = HistoryFacts.ChaosEvents(history, "clock-skew");
        Assert.True(hits.Count == 2, outcome.Describe());
        var (slow, back) = (hits[0], hits[1]);

        // Another replica than the hit one acquires the task's lock while the fault (8 s) lasts.
        var acquisitions = HistoryFacts.Operations(history, HistoryOps.LockAcquire);
        OperationPair? TakenOver(HistoryEntry hit, int task) => acquisitions.FirstOrDefault(a =>
            a.IsOk && a.Invoke.Key == WorkerConstants.TaskLocksPrefix + task && a.Process != hit.Key && a.End > hit.Time && a.End <= hit.Time + TimeSpan.FromSeconds(8));

        // The slowed holder loses task 0.
        var takeover = TakenOver(slow, 0);
        output.WriteLine($"{slow.Key} slowed at {HistoryFacts.At(history, slow.Time)}; {(takeover is null ? "nobody took task 0 over" : $"{takeover.Process} took it over at {HistoryFacts.At(history, takeover.End)}")}");

        // The holder whose clock stepped back: committing before; its timers armed at the step (the keep-alive's, and the
        // step's unless a commit was under way then) are held back 5 s, so it falls silent past its 3 s TTL and another
        // replica takes task 1 over while the fault lasts. (Timers armed after the step run at true speed: a step back
        // moves the clock, not its rate, so a commit in flight at the step lets its next steps go on until the lease runs
        // out — seen once in CI: 3 commits from 1 s to 4.5 s after, then the take-over.)
        var commits = HistoryFacts.Operations(history, HistoryOps.TaskCommit).Where(c => c.Process == back.Key).ToList();
        var before = commits.Count(c => c.Invoke.Time > back.Time - TimeSpan.FromSeconds(2) && c.Invoke.Time <= back.Time);
        var during = commits.Count(c => c.Invoke.Time > back.Time + TimeSpan.FromSeconds(1) && c.Invoke.Time <= back.Time + TimeSpan.FromSeconds(4.5));
        var backTakeover = TakenOver(back, 1);
        output.WriteLine($"{back.Key} clock stepped back at {HistoryFacts.At(history, back.Time)}: {before} commit(s) in the 2 s before, {during} from 1 s to 4.5 s after; " +
            (backTakeover is null ? "nobody took task 1 over" : $"{backTakeover.Process} took it over at {HistoryFacts.At(history, backTakeover.End)}"));

        Assert.True(outcome.Verdict.Passed, outcome.Describe());
        Assert.True(takeover is not null, $"{slow.Key}'s clock ran at a fifth of true speed for 8 s and kept its lock: the skew did not reach its keep-alives\n{outcome.Describe()}");
        Assert.True(before > 0, $"{back.Key} was not committing before its clock stepped back\n{outcome.Describe()}");
        Assert.True(backTakeover is not null, $"{back.Key}'s clock stepped back 5 s for 8 s and it kept task 1's lock: the skew did not reach its timers\n{outcome.Describe()}");
    }
}
