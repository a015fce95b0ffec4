using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.History;
using Xunit.Abstractions;

namespace ResilienceLab.Chaos.IntegrationTests.Plans;

/// <summary>chaos-plans/etcd-leader-kill.yaml: the raft leader of a 3-member etcd is killed twice during heavy locking.</summary>
[Collection(LocalPlansCollection.Name)]
public sealed class EtcdLeaderKillTests(ITestOutputHelper output)
{
    // Physics: a new raft leader in ~0.35 s (election timeout 300 ms); a worker's write stuck on a follower when the
    // leader died ends only at its 2 s call timeout, then the next call succeeds. Ten seconds is far beyond both.
    private static readonly TimeSpan LocksGrantedAgainBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RunAsync_EtcdLeaderKilledTwiceDuringHeavyLocking_PassesAndLocksAreGrantedAgain()
    {
        var plan = PlanFiles.Load("etcd-leader-kill.yaml");

        var outcome = await PlanRunner.RunAsync(plan, output, expectPass: true);

        var history = outcome.History;
        var kills = HistoryFacts.ChaosEvents(history, "kill-etcd-member");
        var restarts = HistoryFacts.ChaosEvents(history, "restart-etcd-member");
        var acquisitions = HistoryFacts.Operations(history, HistoryOps.LockAcquire).Where(a => a.IsOk).ToList();
        output.WriteLine($"{acquisitions.Count} locks granted in {outcome.Run.Elapsed.TotalSeconds:0.0} s");
        var recoveries = kills.Select(kill => (Kill: kill, First: HistoryFacts.FirstOkInvokedAfter(history, HistoryOps.LockAcquire, kill.Time))).ToList();
        foreach (var (kill, first) in recoveries)
        {
            output.WriteLine(first is null
                ? $"RECOVERY etcd leader {kill.Key} killed at {HistoryFacts.At(history, kill.Time)}: no lock granted afterwards"
                : $"RECOVERY etcd leader {kill.Key} killed at {HistoryFacts.At(history, kill.Time)} → first lock granted after it: {(first.End - kill.Time).TotalMilliseconds:0} ms ({first.Process}, {first.Invoke.Key}, token {first.Token})");
        }

        foreach (var (kill, first) in recoveries.Where(r => r.First is not null))
        {
            // What the workers saw meanwhile: calls on the dead member fail fast, calls a follower cannot forward hang to their deadline.
            var meanwhile = history.Entries
                .Where(e => e.Type is HistoryEntryType.Fail or HistoryEntryType.Info && e.Process != HistoryFacts.ChaosProcess && e.Time > kill.Time && e.Time <= first!.End)
                .Where(e => e.Error is not ("held by another replica" or "still held after waiting"))
                .GroupBy(e => $"{e.Op} {e.Type.ToString().ToLowerInvariant()}: {Shorten(e.Error)}")
                .Select(g => $"{g.Count()} × {g.Key}");
            output.WriteLine($"  until then after the kill of {kill.Key}: {string.Join("; ", meanwhile.DefaultIfEmpty("no call failed"))}");
        }

        Assert.True(outcome.Verdict.Passed, outcome.Describe());
        Assert.Equal(2, kills.Count);
        Assert.Equal(2, restarts.Count);
        Assert.All(recoveries, r =>
        {
            Assert.True(r.First is not null, $"no lock was granted after the kill of {r.Kill.Key} at {HistoryFacts.At(history, r.Kill.Time)}");
            Assert.True(r.First.End - r.Kill.Time < LocksGrantedAgainBound, $"locks granted again only {(r.First.End - r.Kill.Time).TotalSeconds:0.0} s after the kill of {r.Kill.Key}");
        });

        // Heavy locking: locks were being granted right before each kill, not only after it.
        Assert.All(kills, kill => Assert.Contains(acquisitions, a => a.End < kill.Time && a.End > kill.Time - TimeSpan.FromSeconds(3)));
    }

    // Keys and lease ids differ from call to call; the kind of failure is what matters here.
    private static string Shorten(string? error) => error is null ? "(no error)" : System.Text.RegularExpressions.Regex.Replace(error, "'[^']*'", "'…'");
}
