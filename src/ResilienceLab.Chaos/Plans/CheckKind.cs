namespace ResilienceLab.Chaos.Plans;

/// <summary>A checker run on the history after the run.</summary>
public enum CheckKind
{
    /// <summary>No two replicas held one task lock at overlapping times; fenced writes carry increasing tokens.</summary>
    MutualExclusion,

    /// <summary>Every orphaned task was resumed within <c>resumeWithin</c>, no step lost or committed twice.</summary>
    TaskResumption,

    /// <summary>The final counter equals the acknowledged increments (indeterminate ones give a range).</summary>
    LostUpdates,

    /// <summary>At most one leader per term, terms increase, a new leader within <c>newLeaderWithin</c>.</summary>
    LeaderSafety,

    /// <summary>Every key's history is linearizable (Wing–Gong search).</summary>
    Linearizability,

    /// <summary>A healthy replica keeps its session, a cut-off one gives up its locks and leadership within its TTL, and every live replica keeps working.</summary>
    Liveness,

    /// <summary>The history's writes agree with the store's record after the run (its value and revision of each key).</summary>
    FinalState,
}
