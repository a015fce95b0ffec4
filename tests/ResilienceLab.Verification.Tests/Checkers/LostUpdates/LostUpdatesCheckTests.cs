using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.LostUpdates;

namespace ResilienceLab.Verification.Tests.Checkers.LostUpdates;

public sealed class LostUpdatesCheckTests
{
    private const string Counter = "/counters/hits";

    private static LostUpdatesCheck CreateSut() => new();

    private static HistoryBuilder Increments(int ok, int info = 0, int fail = 0)
    {
        var builder = new HistoryBuilder();
        var t = 0.0;
        for (var i = 0; i < ok; i++, t += 1)
        {
            builder.Ok($"worker-{(i % 3) + 1}", t, t + 0.5, HistoryOps.CounterIncrement, Counter, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < info; i++, t += 1)
        {
            builder.Info("worker-1", t, t + 0.5, HistoryOps.CounterIncrement, Counter);
        }

        for (var i = 0; i < fail; i++, t += 1)
        {
            builder.Fail("worker-2", t, t + 0.5, HistoryOps.CounterIncrement, Counter);
        }

        return builder;
    }

    [Theory]
    [InlineData("3")]
    [InlineData("4")]
    public void Run_FinalWithinAcknowledgedPlusUnknown_Passes(string final)
    {
        var history = Increments(ok: 3, info: 1, fail: 2).Ok("checker", 100, 101, HistoryOps.CounterRead, Counter, final).Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("in [3, 4]", result.Summary);
    }

    [Fact]
    public void Run_FinalBelowAcknowledged_FailsSayingHowManyWereLost()
    {
        var history = Increments(ok: 5).Ok("checker", 100, 101, HistoryOps.CounterRead, Counter, "3").Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(LostUpdatesConstants.LostUpdates, violation.Kind);
        Assert.Equal("checker", violation.Processes[0]);
        Assert.Contains("worker-1", violation.Processes);
        Assert.Contains("2 acknowledged increment(s) lost", result.Counterexample);
    }

    [Fact]
    public void Run_TwoWorkersAcknowledgingOneValue_CitesThemAsEvidence()
    {
        // The unsafe read-then-put counter: both read 1 and wrote 2.
        var history = new HistoryBuilder()
            .Ok("worker-1", 0, 1, HistoryOps.CounterIncrement, Counter, "1")
            .Ok("worker-1", 2, 3, HistoryOps.CounterIncrement, Counter, "2")
            .Ok("worker-2", 2, 3, HistoryOps.CounterIncrement, Counter, "2")
            .Ok("checker", 10, 11, HistoryOps.CounterRead, Counter, "2")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.False(result.Passed);
        Assert.Contains("1 acknowledged increment(s) lost", result.Counterexample);
        Assert.Contains("worker-1 at +3.000s and worker-2 at +3.000s both acknowledged value 2", result.Counterexample);
    }

    [Fact]
    public void Run_FinalAboveEveryPossibleIncrement_FailsWithPhantomUpdates()
    {
        var history = Increments(ok: 2, fail: 1).Ok("checker", 100, 101, HistoryOps.CounterRead, Counter, "5").Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(LostUpdatesConstants.PhantomUpdates, violation.Kind);
        Assert.Contains("3 increment(s) counted more than once", violation.Message);
    }

    [Fact]
    public void Run_IncrementAcknowledgedDuringTheFinalRead_WidensTheRange()
    {
        var history = Increments(ok: 2)
            .Ok("worker-3", 99, 102, HistoryOps.CounterIncrement, Counter, "3")
            .Ok("checker", 100, 101, HistoryOps.CounterRead, Counter, "2")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_ReadBeforeAnyIncrement_SetsTheInitialValue()
    {
        var history = new HistoryBuilder()
            .Ok("checker", 0, 0.5, HistoryOps.CounterRead, Counter, "40")
            .Ok("worker-1", 1, 2, HistoryOps.CounterIncrement, Counter, "41")
            .Ok("checker", 10, 11, HistoryOps.CounterRead, Counter, "41")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("initial 40", result.Summary);
    }

    [Fact]
    public void Run_IncrementsWithoutFinalRead_IsInconclusive()
    {
        var result = CreateSut().Run(Increments(ok: 2).Operations());

        Assert.Equal(CheckStatus.Inconclusive, result.Status);
        Assert.Contains(Counter, result.Summary);
    }
}
