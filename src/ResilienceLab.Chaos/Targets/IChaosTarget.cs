using ResilienceLab.Chaos.Plans;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Chaos.Targets;

/// <summary>A replica as the controller sees it.</summary>
public sealed record ReplicaState(string Name, bool Ready, bool Paused);

/// <summary>
/// What the chaos controller acts on: a replica set and its store, in a simulation, as local processes, or as
/// Kubernetes pods. The controller runs the same plan against any of them; an action a target cannot do is
/// refused with <see cref="NotSupportedException"/> (the validator rejects such plans before a run).
/// </summary>
public interface IChaosTarget : IAsyncDisposable
{
    /// <summary>The clock the run is timed by (virtual in a simulation).</summary>
    TimeProvider Time { get; }

    /// <summary>The controller's own coordination client: role resolution, probes, final reads (any backend).</summary>
    ICoordinationBackend Coordination { get; }

    /// <summary>
    /// The controller's raw etcd client, for etcd-only actions (revoke-lease). Throws <see cref="NotSupportedException"/>
    /// on a store that is not etcd (the plan validator rejects those actions there).
    /// </summary>
    IKeyValueStore Observer { get; }

    /// <summary>Starts the store (when the plan asks) and the replicas.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The replicas that are alive now, in a stable order.</summary>
    IReadOnlyList<ReplicaState> Replicas();

    /// <summary>Whether the target can carry out <paramref name="action"/>.</summary>
    bool Supports(ChaosActionKind action);

    /// <summary>SIGKILL (pod delete with grace 0).</summary>
    Task KillAsync(string replica, CancellationToken cancellationToken);

    /// <summary>SIGTERM (pod delete with its grace period).</summary>
    Task TerminateAsync(string replica, CancellationToken cancellationToken);

    /// <summary>SIGSTOP.</summary>
    Task PauseAsync(string replica, CancellationToken cancellationToken);

    /// <summary>SIGCONT.</summary>
    Task ResumeAsync(string replica, CancellationToken cancellationToken);

    /// <summary>Cuts the replica off from the store (requests and replies lost).</summary>
    Task PartitionAsync(string replica, CancellationToken cancellationToken);

    /// <summary>Adds latency (± jitter) between the replica and the store; zero removes it.</summary>
    Task SetLatencyAsync(string replica, TimeSpan latency, TimeSpan jitter, CancellationToken cancellationToken);

    /// <summary>Undoes partitions and latency of the replica.</summary>
    Task HealAsync(string replica, CancellationToken cancellationToken);

    /// <summary>Injects store faults into the replica's client: failures before sending, or lost replies after commit.</summary>
    Task SetStoreFaultAsync(string replica, StoreFaultKind fault, double probability, CancellationToken cancellationToken);

    /// <summary>Kills a store member; returns its name.</summary>
    Task<string> KillStoreMemberAsync(EtcdMemberSelector member, CancellationToken cancellationToken);

    /// <summary>Restarts a killed store member.</summary>
    Task RestartStoreMemberAsync(string member, CancellationToken cancellationToken);

    /// <summary>Names of the store members that are down.</summary>
    IReadOnlyList<string> DownStoreMembers();

    /// <summary>Stops every replica gracefully (the end of a run).</summary>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>Everything the replicas recorded.</summary>
    Task<IReadOnlyList<HistoryEntry>> CollectHistoryAsync(CancellationToken cancellationToken);
}
