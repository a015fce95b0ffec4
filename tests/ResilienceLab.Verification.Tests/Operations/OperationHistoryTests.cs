using ResilienceLab.History;
using ResilienceLab.Verification.Operations;
using ResilienceLab.Verification.Tests.TestSupport;

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
