using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.MutualExclusion;

/// <summary>
/// A process's belief that it holds a lock: from its lock.acquire ok until it released, learnt it
/// lost the lock, died, hung, acquired again, or the history ended. Beliefs of different holders may
/// overlap legally (a paused holder's lease expires); fencing tokens decide what the store accepts.
/// </summary>
public sealed record LockHold
{
    /// <summary>The lock (its key prefix).</summary>
    public required string Lock { get; init; }

    /// <summary>The holder.</summary>
    public required string Process { get; init; }

    /// <summary>The fencing token (the holder key's create revision).</summary>
    public required long Token { get; init; }

    /// <summary>When the acquisition was invoked.</summary>
    public required DateTimeOffset Requested { get; init; }

    /// <summary>When the acquisition completed ok: the hold starts.</summary>
    public required DateTimeOffset Acquired { get; init; }

    /// <summary>When the holder stopped holding it, or null while held at the end of the history.</summary>
    public DateTimeOffset? Ended { get; init; }

    /// <summary>Why it ended.</summary>
    public required HoldEndReason EndReason { get; init; }

    /// <summary>The lock.acquire operation.</summary>
    public required Operation Acquisition { get; init; }
}
