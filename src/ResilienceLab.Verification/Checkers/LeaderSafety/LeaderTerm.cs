using ResilienceLab.Verification.Checkers.MutualExclusion;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.LeaderSafety;

/// <summary>A process's belief that it leads an election, from its leader.campaign ok until it resigned, lost, died or the history ended.</summary>
public sealed record LeaderTerm
{
    /// <summary>The election (its key prefix).</summary>
    public required string Election { get; init; }

    /// <summary>The leader.</summary>
    public required string Process { get; init; }

    /// <summary>The term (the leader key's create revision).</summary>
    public required long Term { get; init; }

    /// <summary>When the campaign completed ok.</summary>
    public required DateTimeOffset Elected { get; init; }

    /// <summary>When it stopped leading, or null at the end of the history.</summary>
    public DateTimeOffset? Ended { get; init; }

    /// <summary>Why it stopped.</summary>
    public required HoldEndReason EndReason { get; init; }

    /// <summary>The leader.campaign operation.</summary>
    public required Operation Campaign { get; init; }
}
