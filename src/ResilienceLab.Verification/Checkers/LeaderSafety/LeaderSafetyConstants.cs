namespace ResilienceLab.Verification.Checkers.LeaderSafety;

/// <summary>Name, violation kinds and defaults of the leader-safety check.</summary>
public static class LeaderSafetyConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "leader-safety";

    /// <summary>Two processes won the same term of one election.</summary>
    public const string SplitBrain = "split-brain";

    /// <summary>A campaign invoked after another was won got a lower term.</summary>
    public const string TermRegression = "term-regression";

    /// <summary>A fenced heartbeat with a lower term committed after one with a higher term had committed.</summary>
    public const string StaleHeartbeat = "stale-heartbeat";

    /// <summary>A fenced heartbeat with a term committed after a leader with a higher term had been elected.</summary>
    public const string HeartbeatAfterNewerLeader = "heartbeat-after-newer-leader";

    /// <summary>The leader was killed and a new leader came later than the bound.</summary>
    public const string FailoverLate = "failover-late";

    /// <summary>The leader was killed and no new leader came, though the history went on past the bound.</summary>
    public const string NoFailover = "no-failover";

    /// <summary>Default bound on the time from a leader's kill to a new leader (TTL 10 s + election and slack).</summary>
    public static readonly TimeSpan DefaultFailoverBound = TimeSpan.FromSeconds(15);

    /// <summary>The chaos event detail that names the role the killed process had.</summary>
    public const string RoleDetail = "role";

    /// <summary>The role value of a leader.</summary>
    public const string LeaderRole = "leader";

    /// <summary>The chaos event detail that names the election the killed leader led (optional).</summary>
    public const string ElectionDetail = "election";
}
