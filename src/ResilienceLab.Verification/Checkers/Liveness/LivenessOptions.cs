namespace ResilienceLab.Verification.Checkers.Liveness;

/// <summary>Settings of the liveness check.</summary>
public sealed class LivenessOptions
{
    /// <summary>The lease TTL of the replicas' sessions (locks and leadership).</summary>
    public TimeSpan Ttl { get; set; } = LivenessConstants.DefaultTtl;

    /// <summary>Allowance for round trips, wake-ups and clock differences.</summary>
    public TimeSpan Slack { get; set; } = LivenessConstants.DefaultSlack;

    /// <summary>The longest a live, unfaulted replica may go without holding or waiting for a lock or leadership.</summary>
    public TimeSpan IdleBound { get; set; } = LivenessConstants.DefaultIdleBound;
}
