using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.MutualExclusion;

namespace ResilienceLab.Verification.Tests.Checkers.MutualExclusion;

public sealed class MutualExclusionCheckTests
{
    private const string Lock = "/locks/tasks/1";
    private const string Task = "/tasks/1";

    private static MutualExclusionCheck CreateSut(TimeSpan? skew = null) => new(new MutualExclusionOptions { ClockSkew = skew ?? TimeSpan.Zero });

    [Fact]
    public void Run_HandOverWithRejectedStaleWrite_Passes()
    {
        // worker-1 is paused past its lease; worker-2 takes over; worker-1's late write is rejected by the fence.
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-2", 0.5, 12.0, HistoryOps.LockAcquire, Lock, token: 12)
            .Ok("worker-2", 12.1, 12.2, HistoryOps.TaskCommit, Task, "1", token: 12, expected: "0")
            .Fail("worker-1", 13.0, 13.1, HistoryOps.TaskCommit, Task, "1", token: 10, expected: "0")
            .Event("worker-1", 13.2, HistoryOps.LockLost, Lock, token: 10)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("2 hold(s)", result.Summary);
        Assert.Contains("1 rejected", result.Summary);
        Assert.Contains("1 overlapping belief(s)", result.Summary);
    }

    [Fact]
    public void Run_NoLocks_PassesSayingSo()
    {
        var result = CreateSut().Run(new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1").Operations());

        Assert.True(result.Passed);
        Assert.Contains("no lock", result.Summary);
    }

    [Fact]
    public void Run_TwoProcessesWithOneToken_FailsWithDuplicateToken()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-2", 0.0, 0.2, HistoryOps.LockAcquire, Lock, token: 10)
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(MutualExclusionConstants.DuplicateToken, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Contains("token 10", result.Counterexample);
    }

    [Fact]
    public void Run_LaterAcquisitionWithLowerToken_FailsWithTokenRegression()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 20)
            .Ok("worker-1", 0.5, 0.6, HistoryOps.LockRelease, Lock, token: 20)
            .Ok("worker-2", 1.0, 1.1, HistoryOps.LockAcquire, Lock, token: 15)
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(MutualExclusionConstants.TokenRegression, violation.Kind);
        Assert.Equal([15L, 20L], violation.Tokens);
        Assert.Contains("worker-2 acquired it with token 15", result.Counterexample);
    }

    [Fact]
    public void Run_LowerTokenCommittedAfterHigherToken_FailsWithStaleWrite()
    {
        // No acquisitions recorded: the writes are grouped by their key.
        var history = new HistoryBuilder()
            .Ok("worker-2", 1.0, 1.1, HistoryOps.TaskCommit, Task, "1", token: 12)
            .Ok("worker-1", 2.0, 2.1, HistoryOps.TaskCommit, Task, "2", token: 10)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.False(result.Passed);
        var violation = Assert.Single(result.Violations);
        Assert.Equal(MutualExclusionConstants.StaleWrite, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Contains("worker-1's fenced write with token 10", result.Counterexample);
        Assert.Contains("higher token 12", result.Counterexample);
        Assert.Contains("test:", result.Counterexample);
    }

    [Fact]
    public void Run_InterleavedHoldersWrites_FailsWithStaleWrite()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-2", 0.2, 0.4, HistoryOps.LockAcquire, Lock, token: 11)
            .Ok("worker-2", 0.5, 0.6, HistoryOps.TaskCommit, Task, "1", token: 11)
            .Ok("worker-1", 0.7, 0.8, HistoryOps.TaskCommit, Task, "2", token: 10)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.Contains(result.Violations, v => v.Kind == MutualExclusionConstants.StaleWrite && v.Tokens.SequenceEqual([10L, 11L]));
    }

    [Fact]
    public void Run_StaleWriteOrderedByRevision_FailsEvenWhenIntervalsOverlap()
    {
        var history = new HistoryBuilder()
            .Ok("worker-2", 1.0, 3.0, HistoryOps.TaskCommit, Task, "1", token: 12, revision: 100)
            .Ok("worker-1", 1.0, 3.0, HistoryOps.TaskCommit, Task, "2", token: 10, revision: 101)
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(MutualExclusionConstants.StaleWrite, violation.Kind);
        Assert.Contains("revision 101 after revision 100", violation.Message);
    }

    [Fact]
    public void Run_OverlappingWritesWithoutRevisions_PassesBecauseOrderIsUnknown()
    {
        var history = new HistoryBuilder()
            .Ok("worker-2", 1.0, 3.0, HistoryOps.TaskCommit, Task, "1", token: 12)
            .Ok("worker-1", 2.0, 4.0, HistoryOps.TaskCommit, Task, "2", token: 10)
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_WriteAfterNewerHolderAcquired_FailsWithWriteAfterNewerHolder()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-2", 1.0, 11.0, HistoryOps.LockAcquire, Lock, token: 12)
            .Ok("worker-1", 12.0, 12.1, HistoryOps.TaskCommit, Task, "1", token: 10)
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(MutualExclusionConstants.WriteAfterNewerHolder, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Equal([10L, 12L], violation.Tokens);
        Assert.Contains("+11.000s", result.Counterexample);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Run_StaleCommitCancelledInFlight_JudgedByTheStoresRecord(bool storeShowsIt, bool passes)
    {
        // worker-1's commit after worker-2 took the lock was cancelled in flight (unknown outcome). When the observer's
        // read after the run shows its value, it applied: a write after the newer holder, not a "maybe" to drop.
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-2", 1.0, 11.0, HistoryOps.LockAcquire, Lock, token: 12)
            .Info("worker-1", 12.0, 12.1, HistoryOps.TaskCommit, Task, "1", token: 10)
            .Event("observer", 20.0, HistoryOps.StoreFinal, Task, storeShowsIt ? "1" : "0", revision: 31)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.Equal(passes, result.Passed);
        if (!passes)
        {
            Assert.Equal(MutualExclusionConstants.WriteAfterNewerHolder, Assert.Single(result.Violations).Kind);
        }
    }

    [Fact]
    public void Run_WriteWithinClockSkewOfNewerHolder_Passes()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-2", 1.0, 11.0, HistoryOps.LockAcquire, Lock, token: 12)
            .Ok("worker-1", 11.5, 11.6, HistoryOps.TaskCommit, Task, "1", token: 10)
            .Operations();

        Assert.True(CreateSut(TimeSpan.FromSeconds(1)).Run(history).Passed);
        Assert.False(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Reconstruct_HoldsEndedEachWay_RecordsTheReason()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.LockAcquire, "/locks/1", token: 1)
            .Ok("a", 2, 3, HistoryOps.LockRelease, "/locks/1", token: 1)
            .Ok("b", 0, 1, HistoryOps.LockAcquire, "/locks/2", token: 2)
            .Event("b", 4, HistoryOps.LockLost, "/locks/2", token: 2)
            .Ok("c", 0, 1, HistoryOps.LockAcquire, "/locks/3", token: 3)
            .Kill("c", 5)
            .Ok("d", 0, 1, HistoryOps.LockAcquire, "/locks/4", token: 4)
            .Open("d", 6, HistoryOps.TaskCommit, "/tasks/4", "0", token: 4)
            .Ok("e", 0, 1, HistoryOps.LockAcquire, "/locks/5", token: 5)
            .Ok("e", 20, 21, HistoryOps.RegisterWrite, "/r", "x")
            .Operations();

        var holds = LockHoldReconstruction.Reconstruct(history).ToDictionary(h => h.Process);

        Assert.Equal((HoldEndReason.Released, HistoryBuilder.At(2)), (holds["a"].EndReason, holds["a"].Ended!.Value));
        Assert.Equal((HoldEndReason.Lost, HistoryBuilder.At(4)), (holds["b"].EndReason, holds["b"].Ended!.Value));
        Assert.Equal((HoldEndReason.ProcessDied, HistoryBuilder.At(5)), (holds["c"].EndReason, holds["c"].Ended!.Value));
        Assert.Equal((HoldEndReason.Unresponsive, HistoryBuilder.At(6)), (holds["d"].EndReason, holds["d"].Ended!.Value));
        Assert.Equal(HoldEndReason.HistoryEnded, holds["e"].EndReason);
        Assert.Null(holds["e"].Ended);
    }
}
