namespace ResilienceLab.Chaos.Actions;

/// <summary>
/// The arguments of a step's action, as its plan wrote them. Two mean the same for every action that takes them and
/// are read by the controller: whom the step hits (<see cref="Selector"/>) and how long its fault lasts before it is
/// undone (<see cref="Duration"/>). An action with arguments of its own derives a record in its folder
/// (<c>Actions/Latency/LatencyArguments</c>); which fields each action takes is declared beside it and registered in
/// <see cref="ChaosActions"/>.
/// </summary>
public record ChaosActionArguments
{
    /// <summary>The replicas the step hits (replica actions); null for etcd member actions, and for heal/store-fault = all.</summary>
    public Plans.ReplicaSelector? Selector { get; init; }

    /// <summary>How long the fault lasts (pause, partition, latency, store-fault, etcd member kills); null = until healed.</summary>
    public TimeSpan? Duration { get; init; }
}
