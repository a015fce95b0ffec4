using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.LeaderSafety;

namespace ResilienceLab.Verification.Tests.Checkers.LeaderSafety;

public sealed class LeaderSafetyCheckTests
{
    private const string Election = "/election/main";
    private const string Heartbeat = "/leader/heartbeat";

    private static LeaderSafetyCheck CreateSut() => new(new LeaderSafetyOptions { FailoverBound = TimeSpan.FromSeconds(15) });

    private static HistoryBuilder Leader() => new HistoryBuilder()
        .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, "worker-1", token: 5)
        .Ok("worker-1", 1.0, 1.1, HistoryOps.LeaderHeartbeat, Heartbeat, "1", token: 5)
        .Open("worker-2", 0.0, HistoryOps.LeaderCampaign, Election);

    [Fact]
    public void Run_LeaderKilledAndReplacedWithinBound_Passes()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, "worker-1", token: 5)
            .Ok("worker-1", 1.0, 1.1, HistoryOps.LeaderHeartbeat, Heartbeat, "1", token: 5)
            .Kill("worker-1", 2.0, role: "leader")
            .Ok("worker-2", 0.0, 13.0, HistoryOps.LeaderCampaign, Election, "worker-2", token: 8)
            .Ok("worker-2", 13.1, 13.2, HistoryOps.LeaderHeartbeat, Heartbeat, "2", token: 8)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("1 leader kill(s) checked", result.Summary);
    }

    [Fact]
    public void Run_TwoLeadersInOneTerm_FailsWithSplitBrain()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, token: 5)
            .Ok("worker-2", 0.0, 0.2, HistoryOps.LeaderCampaign, Election, token: 5)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LeaderSafetyConstants.SplitBrain, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Contains("both won term 5", violation.Message);
    }

    [Fact]
    public void Run_LaterCampaignWinsLowerTerm_FailsWithTermRegression()
    {
        var history = new HistoryBuilder()
            .Ok("worker-1", 0.0, 0.1, HistoryOps.LeaderCampaign, Election, token: 9)
            .Ok("worker-1", 0.5, 0.6, HistoryOps.LeaderResign, Election, token: 9)
            .Ok("worker-2", 1.0, 1.1, HistoryOps.LeaderCampaign, Election, token: 7)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LeaderSafetyConstants.TermRegression, violation.Kind);
        Assert.Equal([7L, 9L], violation.Tokens);
    }

    [Fact]
    public void Run_LowerTermHeartbeatAfterHigher_FailsWithStaleHeartbeat()
    {
        var history = new HistoryBuilder()
            .Ok("worker-2", 1.0, 1.1, HistoryOps.LeaderHeartbeat, Heartbeat, "b", token: 8)
            .Ok("worker-1", 2.0, 2.1, HistoryOps.LeaderHeartbeat, Heartbeat, "a", token: 5)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LeaderSafetyConstants.StaleHeartbeat, violation.Kind);
        Assert.Equal(["worker-1", "worker-2"], violation.Processes);
        Assert.Contains("fenced by term 5", violation.Message);
    }

    [Fact]
    public void Run_HeartbeatAfterNewerLeaderElected_FailsWithHeartbeatAfterNewerLeader()
    {
        var history = Leader()
            .Ok("worker-2", 5.0, 12.0, HistoryOps.LeaderCampaign, Election, token: 8)
            .Ok("worker-1", 13.0, 13.1, HistoryOps.LeaderHeartbeat, Heartbeat, "late", token: 5)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LeaderSafetyConstants.HeartbeatAfterNewerLeader, violation.Kind);
        Assert.Equal([5L, 8L], violation.Tokens);
        Assert.Contains("worker-2 had been elected with the higher term 8", violation.Message);
    }

    [Fact]
    public void Run_NewLeaderAfterTheBound_FailsWithFailoverLate()
    {
        var history = Leader()
            .Kill("worker-1", 2.0, role: "leader")
            .Ok("worker-3", 1.0, 30.0, HistoryOps.LeaderCampaign, Election, token: 8)
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LeaderSafetyConstants.FailoverLate, violation.Kind);
        Assert.Equal(["worker-1", "worker-3"], violation.Processes);
        Assert.Contains("28s later", violation.Message);
    }

    [Fact]
    public void Run_KilledLeaderWithoutRoleDetail_IsStillRecognisedAndNoFailoverFails()
    {
        var history = Leader()
            .Kill("worker-1", 2.0)
            .Ok("worker-2", 39.0, 40.0, HistoryOps.RegisterWrite, "/unrelated", "x")
            .Operations();

        var violation = Assert.Single(CreateSut().Run(history).Violations);

        Assert.Equal(LeaderSafetyConstants.NoFailover, violation.Kind);
        Assert.Equal([5L], violation.Tokens);
        Assert.Contains("leader worker-1 (term 5) was killed at +2.000s", violation.Message);
    }

    [Fact]
    public void Run_FollowerKilled_DoesNotRequireFailover()
    {
        var history = Leader()
            .Kill("worker-2", 2.0)
            .Ok("worker-1", 39.0, 40.0, HistoryOps.LeaderHeartbeat, Heartbeat, "x", token: 5)
            .Operations();

        var result = CreateSut().Run(history);

        Assert.True(result.Passed, result.Counterexample);
        Assert.Contains("0 leader kill(s)", result.Summary);
    }
}
