namespace ResilienceLab.Verification.Checkers.MutualExclusion;

/// <summary>Why a holder stopped believing it held a lock (or a leader its term).</summary>
public enum HoldEndReason
{
    /// <summary>Still held when the history ended.</summary>
    HistoryEnded,

    /// <summary>The holder invoked a release (lock.release, leader.resign).</summary>
    Released,

    /// <summary>The holder recorded that it lost it (lock.lost, leader.lost).</summary>
    Lost,

    /// <summary>The holder's process was killed or restarted.</summary>
    ProcessDied,

    /// <summary>The holder invoked an operation that never completed and recorded nothing after: it hung or died.</summary>
    Unresponsive,

    /// <summary>The holder invoked a new acquisition (campaign) of the same key.</summary>
    Reacquired,
}
