using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// A target that can fault the path between a replica and its store: the <c>partition</c>, <c>latency</c>,
/// <c>store-fault</c> and <c>heal</c> actions. Each fault means the same on every target (docs/network-faults.md).
/// </summary>
public interface IReplicaFaults
{
    /// <summary>Cuts the replica off from the store (requests and replies lost).</summary>
    Task PartitionAsync(string replica, CancellationToken cancellationToken);

    /// <summary>Adds <paramref name="latency"/> (± <paramref name="jitter"/>) to each store call's round trip; zero removes it.</summary>
    Task SetLatencyAsync(string replica, TimeSpan latency, TimeSpan jitter, CancellationToken cancellationToken);

    /// <summary>Injects store faults into the replica's client: failures before sending, or lost replies after commit.</summary>
    Task SetStoreFaultAsync(string replica, StoreFaultKind fault, double probability, CancellationToken cancellationToken);

    /// <summary>
    /// Undoes the replica's partition, latency and store faults, and restores its clock on a target that skews clocks
    /// (<see cref="IReplicaClocks"/>); nothing when the replica is gone.
    /// </summary>
    Task HealAsync(string replica, CancellationToken cancellationToken);
}
