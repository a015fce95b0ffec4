namespace ResilienceLab.Chaos.Plans;

/// <summary>Leader election: every replica campaigns; the leader does fenced leader-only work.</summary>
public sealed record ElectionWorkloadSpec
{
    /// <summary>No election.</summary>
    public static ElectionWorkloadSpec Disabled { get; } = new() { Enabled = false };

    /// <summary>Whether replicas campaign.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>TTL of the campaign lease: how long a dead leader keeps leadership.</summary>
    public TimeSpan Ttl { get; init; } = ChaosPlanConstants.DefaultElectionTtl;

    /// <summary>How often the leader writes its fenced heartbeat (and keeps its lease alive).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = ChaosPlanConstants.DefaultElectionTtl / 3;
}
