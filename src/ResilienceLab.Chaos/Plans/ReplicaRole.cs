namespace ResilienceLab.Chaos.Plans;

/// <summary>Which replicas are candidates, resolved from the store at the moment a step fires.</summary>
public enum ReplicaRole
{
    /// <summary>Every running replica.</summary>
    Any,

    /// <summary>The holder of a task's lock (<see cref="ReplicaSelector.Task"/>), or every lock holder.</summary>
    LockHolder,

    /// <summary>The elected leader.</summary>
    Leader,

    /// <summary>Every replica that is not the leader.</summary>
    Follower,
}
