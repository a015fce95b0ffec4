using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Chaos.Targets;

/// <summary>A replica as the controller sees it.</summary>
public sealed record ReplicaState(string Name, bool Ready, bool Paused);

/// <summary>
/// What the chaos controller acts on: a replica set and its store, in a simulation, as local processes, or as
/// Kubernetes pods. The controller runs the same plan against any of them. What a target can do beyond starting,
/// listing, stopping and collecting is a capability (<see cref="IReplicaKill"/>, <see cref="IReplicaPause"/>,
/// <see cref="IReplicaFaults"/>, <see cref="IStoreMembers"/>, <see cref="IStoreObserver"/>) that it has or has not;
/// <see cref="TargetCapabilities"/> says which action needs which, and the validator refuses a plan whose target lacks one.
/// </summary>
public interface IChaosTarget : IAsyncDisposable
{
    /// <summary>The clock the run is timed by (virtual in a simulation).</summary>
    TimeProvider Time { get; }

    /// <summary>The controller's own coordination client: role resolution, probes, final reads (any backend).</summary>
    ICoordinationBackend Coordination { get; }

    /// <summary>Starts the store (when the plan asks) and the replicas.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The replicas that are alive now, in a stable order.</summary>
    IReadOnlyList<ReplicaState> Replicas();

    /// <summary>
    /// This target's implementation of <paramref name="capability"/> (one of the capability interfaces), or null when the
    /// target, as this plan configured it, does not have it (no agent sidecar on Kubernetes, a store the run did not
    /// start). Read it through <see cref="TargetCapabilities.Capability{TCapability}"/>, as services are read from an
    /// <see cref="IServiceProvider"/>.
    /// </summary>
    object? Capability(Type capability);

    /// <summary>Stops every replica gracefully (the end of a run).</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Everything the replicas recorded.</summary>
    Task<IReadOnlyList<HistoryEntry>> CollectHistoryAsync(CancellationToken cancellationToken);
}
