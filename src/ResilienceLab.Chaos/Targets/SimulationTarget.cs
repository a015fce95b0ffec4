using ResilienceLab.Chaos.Actions.ClockSkew;
using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Coordination;
using ResilienceLab.Simulation;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// The embedded default: every replica (the real worker code), the simulated store and the faults in one process on
/// a virtual clock and one seeded random source. The controller must run on <see cref="Loop"/>
/// (<see cref="SimulationLoop.Run(Func{Task}, TimeSpan?)"/>). Store members are modelled by availability: a leader
/// kill makes the store unavailable for an election timeout; fewer than a quorum up makes it unavailable until
/// members come back.
/// </summary>
public sealed class SimulationTarget
    : IChaosTarget, IReplicaKill, IReplicaPause, IReplicaFaults, IReplicaClocks, IStoreMembers, IStoreObserver
{
    private readonly int _replicas;
    private readonly List<string> _members;
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private readonly DeterministicRandom _random;
    private string _leaderMember;

    public SimulationTarget(SimulationLoop loop, ReplicaOptions template, int replicas, int storeMembers, long seed, IReadOnlyDictionary<int, ClockFault>? clocks = null, SimulatedClientOptions? clientOptions = null)
        : this(loop, ReferenceReplicaProgram.Factory(template), replicas, storeMembers, seed, clocks, clientOptions)
    {
    }

    /// <summary>A simulation whose replicas each run what <paramref name="program"/> makes (a team's hosted services, say).</summary>
    public SimulationTarget(SimulationLoop loop, Func<SimulatedReplicaContext, IReplicaProgram> program, int replicas, int storeMembers, long seed, IReadOnlyDictionary<int, ClockFault>? clocks = null, SimulatedClientOptions? clientOptions = null)
    {
        Loop = loop;
        _random = new DeterministicRandom(seed);
        Store = new SimulatedStore(loop.Clock, new SimulatedStoreOptions { Seed = seed }) { NetworkContext = loop.RootContext };
        Sink = new MemoryHistorySink();
        ReplicaSet = new SimulatedReplicaSet(loop, Store, Sink, program, _random.Fork("replicas"), clientOptions);
        foreach (var (index, fault) in clocks ?? new Dictionary<int, ClockFault>())
        {
            ReplicaSet.ClockFaults[$"replica-{index}"] = fault;
        }

        Observer = Store.CreateClient("observer", new SimulatedClientOptions { Latency = TimeSpan.FromMilliseconds(1), LatencyJitter = TimeSpan.Zero });
        Coordination = new EtcdCoordinationBackend(Observer, loop.Clock);
        _replicas = replicas;
        _members = [.. Enumerable.Range(0, Math.Max(1, storeMembers)).Select(i => $"{ChaosPlanConstants.MemberNamePrefix}{i}")];
        _leaderMember = _members[0];
    }

    public SimulationLoop Loop { get; }

    public SimulatedStore Store { get; }

    public MemoryHistorySink Sink { get; }

    public SimulatedReplicaSet ReplicaSet { get; }

    /// <summary>How long the simulated store is unavailable after its leader member dies (an etcd election).</summary>
    public TimeSpan LeaderElectionTime { get; init; } = TimeSpan.FromMilliseconds(400);

    public TimeProvider Time => Loop.Clock;

    public IKeyValueStore Observer { get; }

    /// <summary>The etcd recipes over <see cref="Observer"/>: the simulation models etcd only.</summary>
    public ICoordinationBackend Coordination { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ReplicaSet.Scale(_replicas);
        return Task.CompletedTask;
    }

    public IReadOnlyList<ReplicaState> Replicas() =>
        [.. ReplicaSet.Live.Select(r => new ReplicaState(r.Name, r.Ready, r.Process.Paused))];

    /// <summary>Every capability: the simulation models the replicas, the network and the store's members.</summary>
    public object? Capability(Type capability) => TargetCapabilities.Own(this, capability);

    public Task KillAsync(string replica, CancellationToken cancellationToken)
    {
        ReplicaSet.Kill(Find(replica));
        return Task.CompletedTask;
    }

    public Task TerminateAsync(string replica, CancellationToken cancellationToken)
    {
        ReplicaSet.Terminate(Find(replica));
        return Task.CompletedTask;
    }

    public Task PauseAsync(string replica, CancellationToken cancellationToken)
    {
        Find(replica).Process.Pause();
        return Task.CompletedTask;
    }

    public Task ResumeAsync(string replica, CancellationToken cancellationToken)
    {
        // A paused replica may have been killed meanwhile; resuming the dead is a no-op.
        ReplicaSet.All.FirstOrDefault(r => r.Name == replica)?.Process.Resume();
        return Task.CompletedTask;
    }

    public Task PartitionAsync(string replica, CancellationToken cancellationToken)
    {
        Find(replica).Client.Partitioned = true;
        return Task.CompletedTask;
    }

    public Task SetLatencyAsync(string replica, TimeSpan latency, TimeSpan jitter, CancellationToken cancellationToken)
    {
        // LatencyFault's meaning: added to each call's round trip, drawn per call within ± jitter from the client's seeded source.
        var client = Find(replica).Client;
        client.ExtraLatency = latency;
        client.ExtraLatencyJitter = jitter;
        return Task.CompletedTask;
    }

    public Task HealAsync(string replica, CancellationToken cancellationToken)
    {
        if (ReplicaSet.All.FirstOrDefault(r => r.Name == replica) is { } r)
        {
            r.Client.Partitioned = false;
            r.Client.ExtraLatency = TimeSpan.Zero;
            r.Client.ExtraLatencyJitter = TimeSpan.Zero;
            r.Client.DropReplyProbability = 0;
            r.Client.FailRequestProbability = 0;
            r.Process.FaultClock?.Reset();
        }

        return Task.CompletedTask;
    }

    public Task SetClockAsync(string replica, ClockSkewFault fault, CancellationToken cancellationToken)
    {
        // ClockSkewFault's meaning: on the replica's process clock, above the plan's target.clocks error, from now.
        var process = Find(replica).Process;
        fault.ApplyTo(process.FaultClock ?? throw new InvalidOperationException(
            $"{replica}'s clock was made without a fault layer (ReplicaSet.ClockFaultsAtRuntime is off: the run has no clock-skew step)"));
        return Task.CompletedTask;
    }

    public Task RestoreClockAsync(string replica, CancellationToken cancellationToken)
    {
        ReplicaSet.All.FirstOrDefault(r => r.Name == replica)?.Process.FaultClock?.Reset();
        return Task.CompletedTask;
    }

    public Task SetStoreFaultAsync(string replica, StoreFaultKind fault, double probability, CancellationToken cancellationToken)
    {
        // StoreFault's meaning: the replica's one store fault, replacing any earlier one of either kind.
        var client = Find(replica).Client;
        var storeFault = new StoreFault(fault, probability);
        (client.FailRequestProbability, client.DropReplyProbability) = (storeFault.RequestFailure, storeFault.ReplyLoss);
        return Task.CompletedTask;
    }

    public Task<string> KillStoreMemberAsync(EtcdMemberSelector member, CancellationToken cancellationToken)
    {
        var up = _members.Where(m => !_down.Contains(m)).ToList();
        var victim = member.Role switch
        {
            EtcdMemberRole.Leader => up.Contains(_leaderMember) ? _leaderMember : throw new InvalidOperationException("the store has no leader (quorum lost)"),
            EtcdMemberRole.Follower => up.Where(m => m != _leaderMember).OrderBy(_ => _random.NextUInt64()).FirstOrDefault()
                ?? throw new InvalidOperationException("no follower member is up"),
            _ => up.Contains(member.Name!) ? member.Name! : throw new InvalidOperationException($"member '{member.Name}' is not up"),
        };
        _down.Add(victim);
        UpdateAvailability(victim == _leaderMember);
        return Task.FromResult(victim);
    }

    public Task RestartStoreMemberAsync(string member, CancellationToken cancellationToken)
    {
        _down.Remove(member);
        UpdateAvailability(leaderDied: false);
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> DownStoreMembers() => [.. _down.Order(StringComparer.Ordinal)];

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var stuck = await ReplicaSet.StopAllAsync();
        if (stuck.Count > 0)
        {
            throw new ReplicaStopException($"replica(s) {string.Join(", ", stuck)} did not stop within the grace period of {ReplicaSet.GracePeriod} and were killed");
        }
    }

    public Task<IReadOnlyList<HistoryEntry>> CollectHistoryAsync(CancellationToken cancellationToken) => Task.FromResult(Sink.Entries);

    public async ValueTask DisposeAsync()
    {
        await Observer.DisposeAsync();
        Store.Dispose();
    }

    private void UpdateAvailability(bool leaderDied)
    {
        var up = _members.Where(m => !_down.Contains(m)).ToList();
        var quorum = up.Count > _members.Count / 2;
        if (!quorum)
        {
            Store.Unavailable = true;
            return;
        }

        if (leaderDied || !up.Contains(_leaderMember))
        {
            // An election: the store is unavailable until a new leader is elected among the members that are up.
            Store.Unavailable = true;
            _leaderMember = up[_random.Next(up.Count)];
            Loop.Clock.CreateTimer(_ => Store.Unavailable = _members.Count(m => !_down.Contains(m)) <= _members.Count / 2, null, LeaderElectionTime, Timeout.InfiniteTimeSpan);
            return;
        }

        Store.Unavailable = false;
    }

    private SimulatedReplica Find(string replica) =>
        ReplicaSet.Find(replica) ?? throw new InvalidOperationException($"replica '{replica}' is not running");
}
