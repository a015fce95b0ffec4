using ResilienceLab.History;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Verification.Tests.Recovery;

public sealed class RecoveryFiguresTests
{
    private const string Lock = "/locks/tasks/0";
    private const string Task = "/tasks/0";

    // a holds the task lock and leads; it is killed at 5 s; b takes the lock at 8 s and wins the election at 7 s.
    private static HistoryBuilder KilledHolderAndLeader(bool takenOver) =>
        new HistoryBuilder()
            .Ok("a", 0, 0.5, HistoryOps.LockAcquire, Lock, token: 10)
            .Ok("a", 0, 0.4, HistoryOps.LeaderCampaign, "/election", "a", token: 3)
            .Ok("a", 1, 1.1, HistoryOps.TaskCommit, Task, "0", token: 10)
            .Open("b", 0.2, HistoryOps.LockAcquire, Lock)
            .Kill("a", 5)
            .Ok("c", 6, 7, HistoryOps.LeaderCampaign, "/election", "c", token: 9)
            .Ok(takenOver ? "b" : "a", 7.5, 8, HistoryOps.LockAcquire, Lock, token: 20)
            .Ok(takenOver ? "b" : "a", 9, 9.1, HistoryOps.TaskCommit, Task, "1", token: 20, expected: "0");

    [Fact]
    public void Measure_KilledHolderAndLeader_TakeOverFailoverAndResumptionFromTheKill()
    {
        var figures = RecoveryFigures.Measure(KilledHolderAndLeader(takenOver: true).Operations());

        Assert.Equal([TimeSpan.FromSeconds(3)], figures.TakeOver);
        Assert.Equal([TimeSpan.FromSeconds(2)], figures.Failover);
        Assert.Equal([TimeSpan.FromSeconds(3)], figures.Resumption);
        Assert.Equal(0, figures.TakeOverMissing);
    }

    [Fact]
    public void Measure_NobodyElseAcquires_CountsTheTakeOverAsMissing()
    {
        var figures = RecoveryFigures.Measure(KilledHolderAndLeader(takenOver: false).Operations());

        Assert.Empty(figures.TakeOver);
        Assert.Equal(1, figures.TakeOverMissing);
    }

    [Theory]
    [InlineData(0.5, 2.0)]
    [InlineData(0.99, 4.0)]
    [InlineData(1.0, 4.0)]
    public void Percentile_NearestRank_IsTheSmallestValueWithQAtOrBelow(double q, double expected) =>
        Assert.Equal(expected, NearestRank.Percentile([1.0, 2.0, 3.0, 4.0], q));
}
