using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Tests.Operations;

public sealed class OperationHistoryTests
{
    [Fact]
    public void From_InvokesAndCompletions_PairsThemPerProcessAndId()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 2, HistoryOps.RegisterWrite, "/r", "1")
            .Fail("b", 1, 3, HistoryOps.RegisterWrite, "/r", "2")
            .Info("a", 4, 5, HistoryOps.RegisterWrite, "/r", "3")
            .Open("b", 6, HistoryOps.RegisterRead, "/r")
            .Operations();

        Assert.Equal([OperationOutcome.Ok, OperationOutcome.Fail, OperationOutcome.Info, OperationOutcome.Info], history.Operations.Select(o => o.Outcome));
        Assert.Equal(HistoryBuilder.At(2), history.Operations[0].CompleteTime);
        Assert.True(history.Operations[3].IsOpen);
        Assert.Null(history.Operations[3].CompleteTime);
    }

    [Fact]
    public void From_WriteOfUnknownOutcomeTheStoreShows_ResolvedOkAtTheStoresRevision()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.TaskCommit, "/tasks/0", "1", token: 4, revision: 10)
            .Info("a", 2, 3, HistoryOps.TaskCommit, "/tasks/0", "2", token: 4)
            .Event("observer", 9, HistoryOps.StoreFinal, "/tasks/0", "2", revision: 14)
            .Operations();

        var resolved = history.Operations[1];

        Assert.Equal(OperationOutcome.Ok, resolved.Outcome);
        Assert.Equal(14, resolved.Completion!.Revision);
        Assert.Equal("2", resolved.Value);
        Assert.Equal(HistoryBuilder.At(3), resolved.CompleteTime);
        Assert.NotNull(resolved.Completion.Details);
    }

    [Fact]
    public void From_StoreShowsAnOkWritesRevisionOrTwoCandidates_UnknownWritesStayUnknown()
    {
        var claimed = new HistoryBuilder()
            .Info("a", 0, 1, HistoryOps.TaskCommit, "/tasks/0", "2", token: 4)
            .Ok("b", 2, 3, HistoryOps.TaskCommit, "/tasks/0", "2", token: 6, revision: 14)
            .Event("observer", 9, HistoryOps.StoreFinal, "/tasks/0", "2", revision: 14)
            .Operations();
        var ambiguous = new HistoryBuilder()
            .Info("a", 0, 1, HistoryOps.TaskCommit, "/tasks/0", "2", token: 4)
            .Info("b", 2, 3, HistoryOps.TaskCommit, "/tasks/0", "2", token: 6)
            .Event("observer", 9, HistoryOps.StoreFinal, "/tasks/0", "2", revision: 14)
            .Operations();

        Assert.Equal(OperationOutcome.Info, claimed.Operations[0].Outcome);
        Assert.All(ambiguous.Operations, o => Assert.Equal(OperationOutcome.Info, o.Outcome));
    }

    [Fact]
    public void From_RestartWithoutKill_RecordsADeathAtTheLastEntry()
    {
        var history = new HistoryBuilder()
            .Start("a", 0)
            .Open("a", 1, HistoryOps.RegisterWrite, "/r", "1")
            .Start("a", 5)
            .Ok("a", 6, 7, HistoryOps.RegisterWrite, "/r", "2")
            .Operations();

        var death = Assert.Single(history.Deaths);
        Assert.Equal(("a", HistoryBuilder.At(1)), (death.Process, death.Time));
        Assert.True(history.Operations[0].IsOpen);
        Assert.True(history.Operations[1].IsOk);
    }

    [Fact]
    public void From_KillEvent_RecordsOneDeathEvenWhenRestarted()
    {
        var history = new HistoryBuilder()
            .Start("a", 0)
            .Kill("a", 3)
            .Start("a", 5)
            .Operations();

        var death = Assert.Single(history.Deaths);
        Assert.Equal(HistoryBuilder.At(3), death.Time);
        Assert.Contains("chaos.kill", death.Cause);
    }

    [Fact]
    public void From_GracefulStopThenStart_IsNotADeath()
    {
        var history = new HistoryBuilder()
            .Start("a", 0)
            .Event("a", 1, HistoryOps.ProcessStop)
            .Start("a", 5)
            .Operations();

        Assert.Empty(history.Deaths);
    }

    [Fact]
    public void From_KillThatFailed_IsNotADeath()
    {
        var entries = new HistoryBuilder().Start("a", 0).Entries.ToList();
        entries.Add(new HistoryEntry { Time = HistoryBuilder.At(3), Process = "chaos", Type = HistoryEntryType.Event, Op = OperationHistory.KillOp, Key = "a", Error = "no such process" });

        var history = OperationHistory.From(MergedHistory.FromEntries(entries));

        Assert.Empty(history.Deaths);
    }
}
