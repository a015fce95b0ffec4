using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.Liveness;

namespace ResilienceLab.Verification.Tests.Checkers.Liveness;

public sealed class LivenessCheckTests
{
    private const string Lock = "/locks/tasks/0";
    private const string Election = "/election/workers";

    private static LivenessCheck CreateSut() => new(new LivenessOptions { Ttl = TimeSpan.FromSeconds(3), Slack = TimeSpan.FromSeconds(1), IdleBound = TimeSpan.FromSeconds(8) });

    private static Dictionary<string, string> Lasting(double seconds) => new() { ["duration"] = TimeSpan.FromSeconds(seconds).ToString() };

    private static Dictionary<string, string> Refusal(double seconds, string fault) => new(Lasting(seconds)) { ["fault"] = fault };

    /// <summary>worker-1 holds the lock from 0.1 s; worker-2 waits in its queue (open acquire) the whole time.</summary>
    private static HistoryBuilder Holder() => new HistoryBuilder()
        .Event("chaos", 0, LivenessConstants.ChaosStart)
        .Event("worker-1", 0, HistoryOps.ProcessReady)
        .Event("worker-2", 0, HistoryOps.ProcessReady)
        .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/a", token: 4)
        .Open("worker-2", 0.0, HistoryOps.LockAcquire, Lock);

    /// <summary>worker-1 holds the lock from 0.1 s; worker-2, queued since 0 s, gets it at <paramref name="takenAt"/>.</summary>
    private static HistoryBuilder Queued(double takenAt) => new HistoryBuilder()
        .Event("chaos", 0, LivenessConstants.ChaosStart)
        .Event("worker-1", 0, HistoryOps.ProcessReady)
        .Event("worker-2", 0, HistoryOps.ProcessReady)
        .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/a", token: 4)
        .Ok("worker-2", 0.0, takenAt, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/b", token: 9);

    [Fact]
    public void Run_HolderLosesLockWithNoFaultOnIt_FailsLostWhileHealthy()
    {
        var history = Holder().Event("worker-1", 6.0, HistoryOps.LockLost, Lock, token: 4).Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LivenessConstants.LostWhileHealthy, violation.Kind);
        Assert.Equal(["worker-1"], violation.Processes);
    }

    [Fact]
    public void Run_NoChaosRecord_PassesUnjudged()
    {
        var history = new HistoryBuilder()
            .Event("worker-1", 0, HistoryOps.ProcessReady)
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/a", token: 4)
            .Event("worker-1", 6.0, HistoryOps.LockLost, Lock, token: 4)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed);
        Assert.Contains("not judged", result.Summary);
    }

    [Fact]
    public void Run_HolderLosesLockAfterItsPause_Passes()
    {
        var history = Holder()
            .Event("chaos", 2.0, "chaos.pause", "worker-1", details: Lasting(4))
            .Event("chaos", 6.0, "chaos.resume", "worker-1")
            .Event("worker-1", 6.0, HistoryOps.LockLost, Lock, token: 4)
            .Ok("worker-2", 6.5, 6.6, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/b", token: 9)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Fact]
    public void Run_LossUnderLatencyBelowAThirdOfTheTtl_FailsLostWhileHealthy()
    {
        // 900 ms of added round trip still lets a keep-alive sent every second renew a 3 s lease.
        var history = Holder()
            .Event("chaos", 2.0, "chaos.latency", "worker-1", details: new Dictionary<string, string> { ["duration"] = "00:00:08", ["latency"] = "00:00:00.9000000" })
            .Event("worker-1", 5.0, HistoryOps.LockLost, Lock, token: 4)
            .Operations();

        Assert.Equal(LivenessConstants.LostWhileHealthy, Assert.Single(CreateSut().Run(history).Violations).Kind);
    }

    [Fact]
    public void Run_LossAfterABriefRefusalOfStoreCalls_FailsLostWhileHealthy()
    {
        // Every call refused at once for 500 ms: one keep-alive sent every second fails at most, the next renews the 3 s lease.
        var history = Holder()
            .Event("chaos", 2.0, LivenessConstants.StoreFault, "worker-1", details: Refusal(0.5, "unavailable"))
            .Event("chaos", 2.5, "chaos.heal", "worker-1")
            .Event("worker-1", 4.6, HistoryOps.LockLost, Lock, token: 4)
            .Operations();

        Assert.Equal(LivenessConstants.LostWhileHealthy, Assert.Single(CreateSut().Run(history).Violations).Kind);
    }

    [Theory]
    [InlineData(1.5, "unavailable")]
    [InlineData(0.5, "indeterminate")]
    public void Run_LossAfterAStoreFaultThatCanStarveKeepAlives_Passes(double seconds, string fault)
    {
        // Refused for longer than a keep-alive interval, or replies lost (a keep-alive waits for its deadline): a loss is excused.
        var history = Holder()
            .Event("chaos", 2.0, LivenessConstants.StoreFault, "worker-1", details: Refusal(seconds, fault))
            .Event("chaos", 2.0 + seconds, "chaos.heal", "worker-1")
            .Event("worker-1", 4.6, HistoryOps.LockLost, Lock, token: 4)
            .Ok("worker-2", 5.0, 5.1, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/b", token: 9)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Fact]
    public void Run_PartitionedHolderKeepsBelievingPastItsTtl_FailsHeldWhileCutOff()
    {
        // Cut off at 2 s for 8 s: the lock must be given up by 2 + 3 + 1 = 6 s, but it is only lost at the heal.
        var history = Holder()
            .Event("chaos", 2.0, "chaos.partition", "worker-1", details: Lasting(8))
            .Event("chaos", 10.0, "chaos.heal", "worker-1")
            .Event("worker-1", 10.1, HistoryOps.LockLost, Lock, token: 4)
            .Ok("worker-2", 5.2, 5.3, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/b", token: 9)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LivenessConstants.HeldWhileCutOff, violation.Kind);
        Assert.Equal([4L], violation.Tokens);
    }

    [Fact]
    public void Run_PartitionedHolderGivesUpWithinItsTtl_Passes()
    {
        var history = Holder()
            .Event("chaos", 2.0, "chaos.partition", "worker-1", details: Lasting(8))
            .Event("worker-1", 4.9, HistoryOps.LockLost, Lock, token: 4)
            .Ok("worker-2", 5.2, 5.3, HistoryOps.LockAcquire, Lock, "/locks/tasks/0/b", token: 9)
            .Event("chaos", 10.0, "chaos.heal", "worker-1")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Fact]
    public void Run_ReplicaWhoseCampaignsFailAtOnce_FailsStoppedWorking()
    {
        // worker-2 campaigns every second and fails at once (a lost session handed out again): no part in the election.
        var builder = new HistoryBuilder()
            .Event("chaos", 0, LivenessConstants.ChaosStart)
            .Event("worker-1", 0, HistoryOps.ProcessReady)
            .Event("worker-2", 0, HistoryOps.ProcessReady)
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, "worker-1", token: 2);
        for (var t = 1; t < 20; t++)
        {
            builder.Fail("worker-2", t, t + 0.002, HistoryOps.LeaderCampaign, Election, "worker-2", error: "lease 1f not found");
        }

        var violation = Assert.Single(CreateSut().Run(builder.Operations()).Violations);

        Assert.Equal(LivenessConstants.StoppedWorking, violation.Kind);
        Assert.Equal(["worker-2"], violation.Processes);
    }

    [Fact]
    public void Run_FollowerWaitingInItsCampaign_Passes()
    {
        var history = new HistoryBuilder()
            .Event("chaos", 0, LivenessConstants.ChaosStart)
            .Event("worker-1", 0, HistoryOps.ProcessReady)
            .Event("worker-2", 0, HistoryOps.ProcessReady)
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, "worker-1", token: 2)
            .Open("worker-2", 0.0, HistoryOps.LeaderCampaign, Election)
            .Event("observer", 30.0, HistoryOps.ProcessStop)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Fact]
    public void Run_WaiterStillQueuedLongAfterTheHolderReleased_FailsLateTakeover()
    {
        // Released at 5 s; worker-2, queued since 0 s, alive and unfaulted, still waits at 5 + 1 + 1 = 7 s and beyond.
        var history = Holder()
            .Ok("worker-1", 5.0, 5.01, HistoryOps.LockRelease, Lock, "/locks/tasks/0/a", token: 4)
            .Event("observer", 12.0, HistoryOps.ProcessStop)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LivenessConstants.LateTakeover, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Equal([4L], violation.Tokens);
    }

    [Fact]
    public void Run_WaiterTakesOverSoonAfterTheHolderReleased_Passes()
    {
        var history = Queued(takenAt: 5.2)
            .Ok("worker-1", 5.0, 5.01, HistoryOps.LockRelease, Lock, "/locks/tasks/0/a", token: 4)
            .Event("observer", 12.0, HistoryOps.ProcessStop)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Theory]
    [InlineData(5.4, true)]
    [InlineData(9.0, false)]
    public void Run_FollowerCampaigningWhenTheLeaderIsKilled_ElectedWithinATtlAndTheBound(double electedAt, bool passes)
    {
        // Killed at 2 s: its lease is gone by 2 + 3 = 5 s, so the campaigning follower must lead by 5 + 1 + 1 = 7 s.
        var history = new HistoryBuilder()
            .Event("chaos", 0, LivenessConstants.ChaosStart)
            .Event("worker-1", 0, HistoryOps.ProcessReady)
            .Event("worker-2", 0, HistoryOps.ProcessReady)
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, "worker-1", token: 2)
            .Kill("worker-1", 2.0)
            .Ok("worker-2", 0.5, electedAt, HistoryOps.LeaderCampaign, Election, "worker-2", token: 7)
            .Event("observer", 12.0, HistoryOps.ProcessStop)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.Equal(passes, result.Passed);
        if (!passes)
        {
            Assert.Equal(LivenessConstants.LateTakeover, Assert.Single(result.Violations).Kind);
        }
    }

    [Fact]
    public void Run_WaiterPausedWhenTheHolderReleased_PassesUnjudged()
    {
        // A waiter that cannot run is not late: the rule asks only of live, unfaulted waiters.
        var history = Holder()
            .Event("chaos", 4.0, "chaos.pause", "worker-2", details: Lasting(2))
            .Event("chaos", 6.0, "chaos.resume", "worker-2")
            .Ok("worker-1", 5.0, 5.01, HistoryOps.LockRelease, Lock, "/locks/tasks/0/a", token: 4)
            .Event("observer", 12.0, HistoryOps.ProcessStop)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.DoesNotContain(result.Violations, v => v.Kind == LivenessConstants.LateTakeover);
    }
}
