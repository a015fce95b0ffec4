using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.FinalState;

namespace ResilienceLab.Verification.Tests.Checkers.FinalState;

public sealed class FinalStateCheckTests
{
    private const string Task = "/tasks/0";

    private static FinalStateCheck CreateSut() => new();

    private static HistoryBuilder Commits() => new HistoryBuilder()
        .Ok("worker-1", 1.0, 1.1, HistoryOps.TaskCommit, Task, "1", token: 4, revision: 10)
        .Ok("worker-1", 2.0, 2.1, HistoryOps.TaskCommit, Task, "2", token: 4, expected: "1", revision: 12);

    [Fact]
    public void Run_StoreHoldsTheLastCommit_Passes()
    {
        var history = Commits().Event("observer", 9, HistoryOps.StoreFinal, Task, "2", revision: 12).Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Fact]
    public void Run_StoreOlderThanACommittedWrite_FailsCommittedWriteMissing()
    {
        var history = Commits().Event("observer", 9, HistoryOps.StoreFinal, Task, "1", revision: 10).Operations();

        Assert.Equal(FinalStateConstants.CommittedWriteMissing, Assert.Single(CreateSut().Run(history).Violations).Kind);
    }

    [Fact]
    public void Run_AnotherValueAtTheCommittedRevision_FailsValueMismatch()
    {
        var history = Commits().Event("observer", 9, HistoryOps.StoreFinal, Task, "7", revision: 12).Operations();

        Assert.Equal(FinalStateConstants.ValueMismatch, Assert.Single(CreateSut().Run(history).Violations).Kind);
    }

    [Fact]
    public void Run_LaterValueWrittenByAWriteOfUnknownOutcome_PassesJudgedByTheStore()
    {
        // The reply of the commit of step 3 was lost (or it was cancelled in flight): the store shows it applied.
        var history = Commits()
            .Info("worker-1", 3.0, 5.0, HistoryOps.TaskCommit, Task, "3", token: 4, expected: "2")
            .Event("observer", 9, HistoryOps.StoreFinal, Task, "3", revision: 15)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
    }

    [Fact]
    public void Run_LaterValueOnlyFromAWriteRecordedAsFailed_FailsUnrecordedWrite()
    {
        // Recorded as certainly not applied, yet the store shows it: a stale request delivered late, judged by the store.
        var history = Commits()
            .Fail("worker-2", 3.0, 5.0, HistoryOps.TaskCommit, Task, "1", token: 3, error: "unavailable: no reply")
            .Event("observer", 9, HistoryOps.StoreFinal, Task, "1", revision: 15)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(FinalStateConstants.UnrecordedWrite, violation.Kind);
        Assert.Equal(["worker-2"], violation.Processes);
    }

    [Fact]
    public void Run_NoStoreRecord_PassesWithNothingToJudge()
    {
        var result = CreateSut().Run(Commits().Operations());

        Assert.True(result.Passed);
        Assert.Contains("nothing to judge", result.Summary);
    }
}
