namespace ResilienceLab.Chaos.Controller;

/// <summary>One replica as the live view shows it: whether it is up, paused, in which roles, under which faults.</summary>
/// <param name="Name">The replica.</param>
/// <param name="Ready">It has loaded its state and serves.</param>
/// <param name="Paused">It is stopped (SIGSTOP, or paused in the simulation).</param>
/// <param name="Roles">"leader" and "task-N" for every task lock it holds, read from the store.</param>
/// <param name="Faults">The plan steps whose faults are in force on it (partition, latency, pause, store faults).</param>
public sealed record ReplicaStatus(string Name, bool Ready, bool Paused, IReadOnlyList<string> Roles, IReadOnlyList<string> Faults);

/// <summary>
/// The state of a run at one moment, for the live view: the live replicas, the store members that are down, the tasks'
/// committed steps, and why the roles could not be read (the store unreachable) if they could not.
/// </summary>
public sealed record RunSnapshot(
    TimeSpan At,
    IReadOnlyList<ReplicaStatus> Replicas,
    IReadOnlyList<string> DownStoreMembers,
    IReadOnlyDictionary<int, int> TaskProgress,
    string? RolesError);
