using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.TaskResumption;

namespace ResilienceLab.Verification.Tests.Checkers.TaskResumption;

public sealed class TaskResumptionCheckTests
{
    private const string Lock = "/locks/tasks/7";
    private const string Task = "/tasks/7";

    // Bound = TTL 10 s + slack 5 s = 15 s.
    private static TaskResumptionCheck CreateSut() => new(new TaskResumptionOptions { LockTtl = TimeSpan.FromSeconds(10), ResumeSlack = TimeSpan.FromSeconds(5) });

    /// <summary>worker-2 takes the task over at 20.0 s (19 s after the holder was killed at 1.0 s, beyond the 15 s bound).</summary>
    private static HistoryBuilder ResumedAt20(HistoryBuilder history) => history
        .Ok("worker-2", 0.5, 20.0, HistoryOps.LockAcquire, Lock, token: 14)
        .Ok("worker-2", 20.1, 20.2, HistoryOps.TaskCommit, Task, "2", token: 14, expected: "1");

    private static HistoryBuilder ClaimedAndKilled() => new HistoryBuilder()
        .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
        .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "0", token: 10)
        .Ok("worker-1", 0.4, 0.5, HistoryOps.TaskCommit, Task, "1", token: 10, expected: "0")
        .Kill("worker-1", 1.0);

    [Fact]
    public void Run_KilledHolderResumedWithinBound_Passes()
    {
        var history = ClaimedAndKilled()
            .Ok("worker-2", 0.5, 11.5, HistoryOps.LockAcquire, Lock, token: 14)
            .Ok("worker-2", 11.6, 11.7, HistoryOps.TaskCommit, Task, "2", token: 14, expected: "1")
            .Event("worker-2", 11.8, HistoryOps.TaskComplete, Task, "3")
            .Ok("worker-2", 11.9, 12.0, HistoryOps.LockRelease, Lock, token: 14)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("1 completed", result.Summary);
        Assert.Contains("1 resumption(s)", result.Summary);
    }

    [Fact]
    public void Run_OrphanedAtEndOfLongHistory_FailsWithNeverResumed()
    {
        var history = ClaimedAndKilled()
            .Ok("worker-2", 29.0, 30.0, HistoryOps.RegisterWrite, "/unrelated", "x")
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.NeverResumed, violation.Kind);
        Assert.Equal(["worker-1"], violation.Processes);
        Assert.Equal([10L], violation.Tokens);
        Assert.Contains("worker-1 (token 10) died", result.Counterexample);
        Assert.Contains("+1.000s", result.Counterexample);
    }

    [Fact]
    public void Run_OrphanedCloseToTheEnd_PassesAsNotJudged()
    {
        var history = ClaimedAndKilled().Ok("worker-2", 4.0, 5.0, HistoryOps.RegisterWrite, "/unrelated", "x").Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed);
        Assert.Contains("too close to the end", result.Summary);
    }

    [Fact]
    public void Run_ResumedAfterTheBound_FailsWithResumedLate()
    {
        var history = ResumedAt20(ClaimedAndKilled()).Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.ResumedLate, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Equal([10L, 14L], violation.Tokens);
        Assert.Contains("19s later", result.Counterexample);
    }

    [Fact]
    public void Run_ResumedWithinTheBoundOfAPossibleHoldersDeath_PassesAndSaysSo()
    {
        // worker-3 died in its acquisition (its reply lost, say): its key may have held the lock until a TTL after 6.0.
        var history = ResumedAt20(ClaimedAndKilled().Open("worker-3", 2.0, HistoryOps.LockAcquire, Lock).Kill("worker-3", 6.0)).Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("1 within the bound of a possible holder's death", result.Summary);
    }

    [Fact]
    public void Run_ResumedLaterThanTheBoundAfterAPossibleHoldersDeath_FailsNamingIt()
    {
        var history = ResumedAt20(ClaimedAndKilled().Open("worker-3", 2.0, HistoryOps.LockAcquire, Lock).Kill("worker-3", 4.0)).Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.ResumedLate, violation.Kind);
        Assert.Contains("19s later (16s after worker-3, whose acquisition of /locks/tasks/7 from +2.000s may have held it, died at +4.000s)", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("failed")]
    [InlineData("other lock")]
    [InlineData("alive")]
    public void Run_AcquisitionThatCouldNotHaveHeldTheLock_DoesNotExtendTheBound(string how)
    {
        var builder = ClaimedAndKilled();
        builder = how switch
        {
            "failed" => builder.Fail("worker-3", 2.0, 3.0, HistoryOps.LockAcquire, Lock, error: "held by another holder").Kill("worker-3", 6.0),
            "other lock" => builder.Open("worker-3", 2.0, HistoryOps.LockAcquire, "/locks/tasks/8").Kill("worker-3", 6.0),
            _ => builder.Open("worker-3", 2.0, HistoryOps.LockAcquire, Lock),
        };
        var history = ResumedAt20(builder).Operations();

        var result = CreateSut().Run(history);

        Assert.Equal(TaskResumptionConstants.ResumedLate, Assert.Single(result.Violations).Kind);
    }

    [Fact]
    public void Run_OrphanedAndAPossibleHolderDiedCloseToTheEnd_PassesAsNotJudged()
    {
        var history = ClaimedAndKilled()
            .Open("worker-3", 2.0, HistoryOps.LockAcquire, Lock)
            .Kill("worker-3", 12.0)
            .Ok("worker-2", 19.0, 20.0, HistoryOps.RegisterWrite, "/unrelated", "x")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("too close to the end", result.Summary);
    }

    [Fact]
    public void Run_ReleasedBeforeCompletionAndResumedSoon_Passes()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-1", 0.4, 0.5, HistoryOps.LockRelease, Lock, token: 10)
            .Event("worker-1", 0.6, HistoryOps.ProcessStop)
            .Ok("worker-2", 0.1, 0.7, HistoryOps.LockAcquire, Lock, token: 11)
            .Ok("worker-2", 0.8, 0.9, HistoryOps.TaskCommit, Task, "1", token: 11, expected: "0")
            .Ok("worker-3", 40, 41, HistoryOps.RegisterWrite, "/unrelated", "x")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_HolderHungMidCommitAndNobodyTookOver_FailsWithNeverResumed()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Open("worker-1", 2.0, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-2", 39, 40, HistoryOps.RegisterWrite, "/unrelated", "x")
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.NeverResumed, violation.Kind);
        Assert.Contains("stopped responding", violation.Message);
    }

    [Fact]
    public void Run_TakeoverBeforeOldHolderNoticedLoss_Passes()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-2", 0.5, 11.0, HistoryOps.LockAcquire, Lock, token: 12)
            .Ok("worker-2", 11.1, 11.2, HistoryOps.TaskCommit, Task, "1", token: 12, expected: "0")
            .Event("worker-1", 12.0, HistoryOps.LockLost, Lock, token: 10)
            .Ok("worker-3", 40, 41, HistoryOps.RegisterWrite, "/unrelated", "x")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_CommitExpectingAnOlderStep_FailsWithLostStep()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "1", token: 10, expected: "0")
            .Ok("worker-1", 0.4, 0.5, HistoryOps.TaskCommit, Task, "2", token: 10, expected: "1")
            .Ok("worker-2", 1.0, 1.1, HistoryOps.TaskCommit, Task, "3", token: 12, expected: "1")
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.LostStep, violation.Kind);
        Assert.Equal(["worker-2", "worker-1"], violation.Processes);
        Assert.Contains("step 2 was committed by worker-1 (token 10)", violation.Message);
        Assert.Contains("committed step 3 expecting step 1", violation.Message);
    }

    [Fact]
    public void Run_StepGoingBackwards_FailsWithLostStep()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-1", 0.2, 0.3, HistoryOps.TaskCommit, Task, "1", token: 10, expected: "0")
            .Ok("worker-1", 0.4, 0.5, HistoryOps.TaskCommit, Task, "2", token: 10, expected: "1")
            .Ok("worker-2", 1.0, 1.1, HistoryOps.TaskCommit, Task, "1", token: 12, expected: "0")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.Contains(result.Violations, v => v.Kind == TaskResumptionConstants.LostStep && v.Processes.Contains("worker-2"));
    }

    [Fact]
    public void Run_SameStepCommittedTwice_FailsWithDuplicateStep()
    {
        // Concurrent commits: their order is unknown, so only the duplicate is provable.
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Ok("worker-1", 1.0, 2.0, HistoryOps.TaskCommit, Task, "1", token: 10, expected: "0")
            .Ok("worker-2", 1.5, 2.5, HistoryOps.TaskCommit, Task, "1", token: 12, expected: "0")
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.DuplicateStep, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Equal([10L, 12L], violation.Tokens);
        Assert.Contains("step 1 was committed 2 times", violation.Message);
    }

    [Fact]
    public void Run_CommitWithLowerTokenAfterHigher_FailsWithStaleWrite()
    {
        var history = new HistoryBuilder()
            .Ok("worker-2", 1.0, 1.1, HistoryOps.TaskCommit, Task, "1", token: 12)
            .Ok("worker-1", 2.0, 2.1, HistoryOps.TaskCommit, Task, "2", token: 10)
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(TaskResumptionConstants.StaleWrite, violation.Kind);
        Assert.Equal([10L, 12L], violation.Tokens);
        Assert.Contains("worker-1's commit with token 10", violation.Message);
    }

    [Fact]
    public void Run_NoTasks_Passes()
    {
        Assert.True(CreateSut().Run(new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "x").Operations()).Passed);
    }

    [Fact]
    public void ToDotGraph_ListsTheStatesAndIntentTriggers()
    {
        var dot = TaskResumptionCheck.ToDotGraph();

        Assert.StartsWith("digraph", dot);
        foreach (var word in new[] { "Unclaimed", "Held", "Orphaned", "Completed", "Claim", "Expire", "Resume", "Commit", "Complete" })
        {
            Assert.Contains(word, dot);
        }
    }
}
