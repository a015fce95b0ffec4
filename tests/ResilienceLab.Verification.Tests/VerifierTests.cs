using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Tests;

public sealed class VerifierTests
{
    private sealed class ThrowingCheck(Exception? error = null) : ICheck
    {
        public string Name => "throws";

        public CheckResult Run(OperationHistory history) => throw error ?? new InvalidOperationException("boom");
    }

    private sealed class CapturingCheck : ICheck
    {
        public OperationHistory? Seen { get; private set; }

        public string Name => "captures";

        public CheckResult Run(OperationHistory history)
        {
            Seen = history;
            return CheckResult.Pass(Name, "seen");
        }
    }

    [Fact]
    public void Verify_Operations_AreTheOnesTheChecksRead()
    {
        var history = new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1").Build();
        var check = new CapturingCheck();

        var verdict = Verifier.Verify(history, new RunMetadata { Name = "t" }, checks: [check]);

        Assert.Same(check.Seen, verdict.Operations);
    }

    [Fact]
    public void Operations_WithAnotherHistory_PairTheNewHistoryAndOtherChangesKeepThem()
    {
        var history = new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1").Build();
        var other = new HistoryBuilder().Ok("b", 0, 1, HistoryOps.RegisterWrite, "/r", "2").Ok("b", 2, 3, HistoryOps.RegisterRead, "/r", "2").Build();
        var verdict = Verifier.Verify(history, new RunMetadata { Name = "t" });

        var swapped = verdict with { History = other };
        var extended = verdict with { Results = [] };

        Assert.Same(other, swapped.Operations.History);
        Assert.Equal(2, swapped.Operations.Operations.Count);
        Assert.Same(verdict.Operations, extended.Operations);
    }

    [Fact]
    public void Verify_DefaultChecks_RunsEveryCheckInOrder()
    {
        var history = new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1").Build();

        var verdict = Verifier.Verify(history, new RunMetadata { Name = "t" });

        Assert.Equal(["mutual-exclusion", "task-resumption", "lost-updates", "leader-safety", "linearizability", "liveness", "final-state"], verdict.Results.Select(r => r.Name));
        Assert.True(verdict.Passed);
        Assert.All(verdict.Results, r => Assert.NotNull(r.Elapsed));
    }

    [Fact]
    public void Verify_CheckThatThrows_IsInconclusiveAndOthersStillRun()
    {
        var history = new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1").Build();

        var verdict = Verifier.Verify(history, new RunMetadata { Name = "t" }, checks: [new ThrowingCheck(), .. Verifier.CreateChecks()]);

        Assert.Equal(CheckStatus.Inconclusive, verdict.Status);
        Assert.Contains("boom", verdict.Results[0].Summary);
        Assert.Equal(8, verdict.Results.Count);
    }

    /// <summary>reslab check lifts its heap cap and checks again when a check runs out of memory; that needs the exception, not a verdict.</summary>
    [Fact]
    public void Verify_CheckRunsOutOfMemory_ThrowsToTheCaller()
    {
        var history = new HistoryBuilder().Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1").Build();

        Assert.Throws<OutOfMemoryException>(() => Verifier.Verify(history, new RunMetadata { Name = "t" }, checks: [new ThrowingCheck(new OutOfMemoryException())]));
    }

    [Fact]
    public void Verify_AnyFailure_MakesTheVerdictFail()
    {
        var history = new HistoryBuilder()
            .Ok("a", 0, 1, HistoryOps.RegisterWrite, "/r", "1")
            .Ok("b", 2, 3, HistoryOps.RegisterRead, "/r", "9")
            .Build();

        Assert.Equal(CheckStatus.Failed, Verifier.Verify(history, new RunMetadata { Name = "t" }).Status);
    }
}
