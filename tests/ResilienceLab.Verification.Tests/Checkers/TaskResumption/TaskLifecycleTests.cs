using ResilienceLab.Verification.Checkers.TaskResumption;

namespace ResilienceLab.Verification.Tests.Checkers.TaskResumption;

public sealed class TaskLifecycleTests
{
    private static TaskLifecycle CreateSut() => new("/tasks/1");

    private static TaskHolder Holder(string process, long token, double at) => new(process, token, HistoryBuilder.At(at));

    [Fact]
    public void Claim_ThenExpireThenClaim_RecordsATimedResumption()
    {
        var sut = CreateSut();
        var first = Holder("a", 1, 0);

        sut.Claim(first);
        sut.Expire(new TaskOrphaning(first, HistoryBuilder.At(2), "lost"));
        Assert.True(sut.IsOrphaned);
        sut.Claim(Holder("b", 2, 5));

        Assert.True(sut.IsHeld);
        var resumption = Assert.Single(sut.Resumptions);
        Assert.Equal(TimeSpan.FromSeconds(3), resumption.Latency);
        Assert.Equal("b", sut.Owner!.Process);
    }

    [Fact]
    public void Expire_ByAnOlderHolderAfterTakeover_DoesNotOrphan()
    {
        var sut = CreateSut();
        var old = Holder("a", 1, 0);
        sut.Claim(old);
        sut.Claim(Holder("b", 2, 5));

        sut.Expire(new TaskOrphaning(old, HistoryBuilder.At(6), "lost"));

        Assert.True(sut.IsHeld);
        Assert.Empty(sut.Resumptions);
    }

    [Fact]
    public void Commit_WithoutClaim_ClaimsForTheCommitter()
    {
        var sut = CreateSut();

        sut.Commit(0, Holder("a", 4, 1));

        Assert.True(sut.IsHeld);
        Assert.Equal(0, sut.LastCommittedStep);
    }

    [Fact]
    public void Commit_WhileHeldOrphanedAndAfterCompletion_KeepsTheHighestStepUntilCompletion()
    {
        var sut = CreateSut();
        var first = Holder("a", 1, 0);
        sut.Claim(first);
        sut.Commit(3, first);
        sut.Commit(1, first);
        Assert.Equal(3, sut.LastCommittedStep);

        // A late commit of the holder that lost the lock still counts while the task is orphaned, and keeps it orphaned.
        sut.Expire(new TaskOrphaning(first, HistoryBuilder.At(2), "lost"));
        sut.Commit(4, first);
        Assert.True(sut.IsOrphaned);
        Assert.Equal(4, sut.LastCommittedStep);

        sut.Complete(HistoryBuilder.At(3));
        sut.Commit(9, Holder("b", 2, 4));

        Assert.True(sut.IsCompleted);
        Assert.Equal(4, sut.LastCommittedStep);
    }

    [Fact]
    public void Complete_IgnoresEverythingAfter()
    {
        var sut = CreateSut();
        sut.Claim(Holder("a", 1, 0));
        sut.Complete(HistoryBuilder.At(1));

        sut.Expire(new TaskOrphaning(Holder("a", 1, 0), HistoryBuilder.At(2), "killed"));
        sut.Claim(Holder("b", 2, 3));

        Assert.True(sut.IsCompleted);
        Assert.Equal(HistoryBuilder.At(1), sut.CompletedAt);
    }
}
