namespace ResilienceLab.Chaos.Plans;

/// <summary>Which replicas are candidates, resolved from the store at the moment a step fires.</summary>
public enum ReplicaRole
{
    /// <summary>Every running replica.</summary>
    Any,

    /// <summary>The holder of a named lock or of the locks under a prefix (<see cref="ReplicaSelector.Lock"/>), or of a reference task's lock (<see cref="ReplicaSelector.Task"/>).</summary>
    LockHolder,

    /// <summary>The leader of the election <see cref="ReplicaSelector.Election"/> (default: the reference workers' election).</summary>
    Leader,

    /// <summary>Every replica that is not the leader.</summary>
    Follower,
}
