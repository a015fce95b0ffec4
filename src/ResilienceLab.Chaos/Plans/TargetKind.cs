namespace ResilienceLab.Chaos.Plans;

/// <summary>Where the replicas under test run.</summary>
public enum TargetKind
{
    /// <summary>Every replica, the store and the faults in one process on a virtual clock, driven by one seed.</summary>
    Simulation,

    /// <summary>Worker processes on this machine, restarted by a supervisor when killed.</summary>
    Local,

    /// <summary>Pods of a deployed replica set, found by namespace and label selector.</summary>
    Kubernetes,
}
