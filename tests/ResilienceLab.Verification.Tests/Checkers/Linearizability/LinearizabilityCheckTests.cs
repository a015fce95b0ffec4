using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Tests.Checkers.Linearizability;

public sealed class LinearizabilityCheckTests
{
    private const string Register = "/registers/x";
    private const string Counter = "/counters/c";

    private static LinearizabilityCheck CreateSut(LinearizabilityOptions? options = null) => new(options);

    [Fact]
    public void Run_SequentialRegister_Passes()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Ok("b", 2, 3, HistoryOps.RegisterRead, Register, "1")
            .Ok("a", 4, 5, HistoryOps.RegisterCas, Register, "2", expected: "1")
            .Fail("b", 6, 7, HistoryOps.RegisterCas, Register, "3", expected: "1", error: "compare failed")
            .Ok("b", 8, 9, HistoryOps.RegisterRead, Register, "2")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("linearizable", result.Summary);
    }

    [Fact]
    public void Run_StaleRead_FailsNamingTheReadAndTheLastWrite()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Ok("a", 2, 3, HistoryOps.RegisterWrite, Register, "2")
            .Ok("b", 4, 5, HistoryOps.RegisterRead, Register, "1")
            .Ok("b", 6, 7, HistoryOps.RegisterRead, Register, "2")
            .Operations();

        var result = CreateSut().Run(history);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(LinearizabilityConstants.NotLinearizable, violation.Kind);
        Assert.Equal(Register, violation.Key);
        Assert.Equal(["b"], violation.Processes);
        Assert.Contains("3 of 4 completed operations", result.Counterexample);
        Assert.Contains("b register.read /registers/x value=1 ok [+4.000s → +5.000s]", result.Counterexample);
        Assert.Contains("ends in state \"2\", last changed by:", result.Counterexample);
        Assert.Contains("a register.write /registers/x value=2", result.Counterexample);
    }

    [Fact]
    public void Run_ReadConcurrentWithWrite_MaySeeEitherValue()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Ok("a", 2, 6, HistoryOps.RegisterWrite, Register, "2")
            .Ok("b", 3, 4, HistoryOps.RegisterRead, Register, "2")
            .Ok("c", 4.5, 5, HistoryOps.RegisterRead, Register, "1")
            .Operations();

        var result = CreateSut().Run(history);

        // b saw 2, so the write took effect before 4; c reading 1 afterwards is a violation.
        Assert.False(result.Passed);
        Assert.Equal(["c", "a"], result.Violations[0].Processes);
        Assert.True(CreateSut().Run(new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Ok("a", 2, 6, HistoryOps.RegisterWrite, Register, "2")
            .Ok("c", 3, 4, HistoryOps.RegisterRead, Register, "1")
            .Ok("b", 4.5, 5, HistoryOps.RegisterRead, Register, "2")
            .Operations()).Passed);
    }

    [Fact]
    public void Run_CasSucceedingOnAWrongExpectedValue_Fails()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Ok("b", 2, 3, HistoryOps.RegisterCas, Register, "3", expected: "2")
            .Operations();

        Assert.False(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_CasFailingWhileTheCompareHeld_Fails()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Fail("b", 2, 3, HistoryOps.RegisterCas, Register, "2", expected: "1", error: "compare failed")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.False(result.Passed);
        Assert.Contains("b register.cas /registers/x expected=1 value=2 fail", result.Counterexample);
    }

    [Fact]
    public void Run_CasThatNeverReachedTheStore_IsDropped()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Fail("b", 2, 3, HistoryOps.RegisterCas, Register, "2", expected: "1", error: "unavailable: connection refused")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void Run_UnknownOutcomeWrite_MayOrMayNotHaveTakenEffect(string read)
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Info("a", 2, 3, HistoryOps.RegisterWrite, Register, "2")
            .Ok("b", 4, 5, HistoryOps.RegisterRead, Register, read)
            .Ok("b", 6, 7, HistoryOps.RegisterRead, Register, read)
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_UnknownOutcomeWriteTakingEffectTwice_Fails()
    {
        // The info write can take effect once, not come back after being overwritten.
        var history = new HistoryBuilder()
            .Info("a", 0, 1, HistoryOps.RegisterWrite, Register, "2")
            .Ok("b", 2, 3, HistoryOps.RegisterRead, Register, "2")
            .Ok("c", 4, 5, HistoryOps.RegisterWrite, Register, "3")
            .Ok("b", 6, 7, HistoryOps.RegisterRead, Register, "2")
            .Operations();

        Assert.False(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_WriteWithoutCompletionSeenLater_Passes()
    {
        var history = new HistoryBuilder()
            .Open("a", 0, HistoryOps.RegisterWrite, Register, "9")
            .Ok("b", 50, 51, HistoryOps.RegisterRead, Register)
            .Ok("b", 60, 61, HistoryOps.RegisterRead, Register, "9")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_FailedWriteSeenByARead_Fails()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Fail("a", 2, 3, HistoryOps.RegisterWrite, Register, "2")
            .Ok("b", 4, 5, HistoryOps.RegisterRead, Register, "2")
            .Operations();

        Assert.False(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_RegisterWithValueBeforeTheRun_TakesTheInitialValueFromTheFirstRead()
    {
        var history = new HistoryBuilder()
            .Ok("b", 0, 1, HistoryOps.RegisterRead, Register, "old")
            .Ok("a", 2, 3, HistoryOps.RegisterCas, Register, "new", expected: "old")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_CounterIncrementsAndReads_Passes()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 2, HistoryOps.CounterIncrement, Counter, "1")
            .Ok("b", 1, 3, HistoryOps.CounterIncrement, Counter, "2")
            .Info("c", 1, 3, HistoryOps.CounterIncrement, Counter)
            .Ok("d", 4, 5, HistoryOps.CounterRead, Counter, "3")
            .Operations();

        Assert.True(CreateSut().Run(history).Passed);
    }

    [Fact]
    public void Run_TwoIncrementsAcknowledgingOneValue_Fails()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.CounterIncrement, Counter, "1")
            .Ok("b", 2, 3, HistoryOps.CounterIncrement, Counter, "1")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.False(result.Passed);
        Assert.Contains("counter /counters/c is not linearizable", result.Counterexample);
        Assert.Contains("ends in state 1", result.Counterexample);
    }

    [Fact]
    public void Run_ViolationOnOneKey_NamesOnlyThatKey()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, "/registers/good", "1")
            .Ok("a", 2, 3, HistoryOps.RegisterRead, "/registers/good", "1")
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, "/registers/bad", "1")
            .Ok("a", 2, 3, HistoryOps.RegisterRead, "/registers/bad", "7")
            .Operations();

        var result = CreateSut().Run(history);

        Assert.Equal("/registers/bad", Assert.Single(result.Violations).Key);
        Assert.Contains("2 key(s)", result.Summary);
    }

    [Fact]
    public void Run_BudgetTooSmall_IsInconclusive()
    {
        var history = OperationHistory.From(MergedHistory.FromEntries(CasRegisterHistoryGenerator.Generate(200, 4, 1)));

        var result = CreateSut(new LinearizabilityOptions { MaxSearchSteps = 10 }).Run(history);

        Assert.Equal(CheckStatus.Inconclusive, result.Status);
        Assert.Contains("undecided", result.Summary);
    }

    [Fact]
    public void Run_ClockSkew_TurnsATightOrderIntoConcurrency()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, Register, "1")
            .Ok("a", 1.1, 2, HistoryOps.RegisterWrite, Register, "2")
            .Ok("b", 2.05, 3, HistoryOps.RegisterRead, Register, "1")
            .Operations();

        Assert.False(CreateSut().Run(history).Passed);
        Assert.True(CreateSut(new LinearizabilityOptions { ClockSkew = TimeSpan.FromMilliseconds(100) }).Run(history).Passed);
    }
}
