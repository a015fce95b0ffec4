using ResilienceLab.Chaos.Actions.ClockSkew;
using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Local;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Coordination.Nats;
using ResilienceLab.Hosting;
using ResilienceLab.History;
using ResilienceLab.Network;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// Real processes on this machine: N <c>reslab-worker</c> processes (ReplicaSet semantics: a dead replica is
/// replaced under a new name), a real etcd the run starts itself (1 or 3 members on free loopback ports, temp data
/// dirs, removed after) or the plan's endpoints, and one TCP fault proxy per (replica, etcd member) through which
/// each replica reaches the store — so a replica can be partitioned or slowed on its own. The controller's own
/// client talks to etcd directly. Signals are real: SIGKILL, SIGTERM, SIGSTOP / SIGCONT. With <c>store: nats</c> the
/// run starts one <c>nats-server -js</c> instead (or uses the plan's endpoints); the proxies forward NATS's TCP the same way.
/// Each replica runs the plan's <c>target.replica</c> (a team's own service) or, when the plan names none, the reference
/// worker; either way it gets the replica contract (<see cref="ReplicaContract"/>). <paramref name="customize"/> changes
/// the reference worker's template before any replica starts (tests and negative controls: e.g. an unfenced worker), as
/// <see cref="SimulationRun"/> does for the simulation; <paramref name="environment"/> adds variables to every replica
/// (e.g. a team's switch for a buggy twin).
/// </summary>
public sealed class LocalTarget(ChaosPlan plan, string runDirectory, string? workerPath = null, Action<Workers.ReplicaOptions>? customize = null, IReadOnlyDictionary<string, string>? environment = null)
    : IChaosTarget, IReplicaKill, IReplicaPause, IReplicaFaults, IReplicaClocks, IStoreMembers, IStoreObserver
{
    // A 3-member cluster with --election-timeout=300 elects in ~0.35 s; a quorum loss never does.
    private static readonly TimeSpan LeaderLookupTimeout = TimeSpan.FromSeconds(3);

    private readonly HashSet<string> _down = new(StringComparer.Ordinal);

    // What each replica's fault file says now (a store-fault line and a clock line): a step rewrites its own line only.
    private readonly Dictionary<string, (string StoreFault, string Clock)> _faultFiles = new(StringComparer.Ordinal);
    private EtcdCluster? _cluster;
    private NatsServerProcess? _nats;
    private FaultProxyGroup? _proxies;
    private LocalReplicaSet? _replicas;
    private EtcdKeyValueStore? _observer;
    private ICoordinationBackend? _coordination;
    private EtcdMaintenance? _maintenance;

    public TimeProvider Time => TimeProvider.System;

    public IKeyValueStore Observer => _observer ?? throw new InvalidOperationException("the target has not started");

    public ICoordinationBackend Coordination => _coordination ?? throw new InvalidOperationException("the target has not started");

    /// <summary>The replica set (for tests).</summary>
    public LocalReplicaSet ReplicaSet => _replicas ?? throw new InvalidOperationException("the target has not started");

    /// <summary>The etcd cluster the run started, or null when the plan gave endpoints.</summary>
    public EtcdCluster? Cluster => _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The replicas' command first: a missing program is reported before any server starts.
        var command = ReplicaCommand();
        var endpoints = await StartStoreAsync(cancellationToken);
        if (plan.Store.Kind == StoreKind.Nats)
        {
            _coordination = new NatsCoordinationBackend(new NatsBackendOptions { Url = string.Join(',', endpoints), CallTimeout = plan.Store.CallTimeout });
        }
        else
        {
            var access = PlanStoreAccess.EtcdOptions(plan.Store, endpoints, Time);
            _observer = new EtcdKeyValueStore(access);
            _coordination = new EtcdCoordinationBackend(_observer, Time);
            _maintenance = new EtcdMaintenance(access);
            await CheckAccessAsync(cancellationToken);
        }

        _proxies = new FaultProxyGroup(endpoints);
        var options = new LocalReplicaSetOptions
        {
            Command = command,
            RunDirectory = runDirectory,
            StoreEndpoints = string.Join(',', endpoints),
            StoreKind = PlanNames.Of(plan.Store.Kind),
            EndpointsFor = name => string.Join(',', _proxies.GetEndpoints(name)),
            Replicas = plan.Target.Replicas,
        };
        options.Environment["RESLAB_Store__CallTimeout"] = plan.Store.CallTimeout.ToString();
        foreach (var (key, value) in PlanStoreAccess.ReplicaEnvironment(plan.Store, runDirectory))
        {
            options.Environment[key] = value;
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            options.Environment[key] = value;
        }

        _replicas = new LocalReplicaSet(options);
        try
        {
            await _replicas.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or ArgumentException)
        {
            throw new PlanRunException($"the replicas did not start: {e.Message}", e);
        }
    }

    /// <summary>The plan's <c>target.replica</c>, or the reference worker running the plan's workload.</summary>
    private ReplicaCommand ReplicaCommand()
    {
        try
        {
            if (plan.Target.Replica is { } replica)
            {
                var command = Local.ReplicaCommand.FromPlan(replica, Path.GetDirectoryName(Path.GetFullPath(plan.SourceFile ?? "plan.yaml"))!);
                var errors = command.GetValidationErrors();
                return errors.Count == 0 ? command : throw new PlanRunException($"target.replica cannot start: {string.Join(" ", errors)}");
            }

            var template = PlanWorkload.ToReplicaOptions(plan);
            customize?.Invoke(template);
            return Local.ReplicaCommand.ReferenceWorker(workerPath ?? WorkerLocator.Find(), template);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            throw new PlanRunException($"the replicas cannot start: {e.Message}", e);
        }
    }

    public IReadOnlyList<ReplicaState> Replicas() =>
        _replicas is null ? [] : [.. _replicas.Live.Select(r => new ReplicaState(r.Name, r.IsReady, r.IsPaused))];

    /// <summary>
    /// Every capability, except that the store's members exist only when the run starts etcd itself (<c>store.start</c>),
    /// and the raw etcd client only when the store is etcd.
    /// </summary>
    public object? Capability(Type capability) =>
        TargetCapabilities.Own(this, capability, available: capability == typeof(IStoreMembers)
            ? plan.Store.Start is not null && plan.Store.Kind == StoreKind.Etcd
            : capability != typeof(IStoreObserver) || plan.Store.Kind == StoreKind.Etcd);

    public Task KillAsync(string replica, CancellationToken cancellationToken)
    {
        ReplicaSet.Kill(replica);
        return Task.CompletedTask;
    }

    public Task TerminateAsync(string replica, CancellationToken cancellationToken)
    {
        ReplicaSet.Terminate(replica);
        return Task.CompletedTask;
    }

    public Task PauseAsync(string replica, CancellationToken cancellationToken)
    {
        ReplicaSet.Pause(replica);
        return Task.CompletedTask;
    }

    public Task ResumeAsync(string replica, CancellationToken cancellationToken)
    {
        // The replica may have been killed while paused; there is nothing left to resume then.
        if (ReplicaSet.Find(replica) is { HasExited: false })
        {
            ReplicaSet.Resume(replica);
        }

        return Task.CompletedTask;
    }

    public Task PartitionAsync(string replica, CancellationToken cancellationToken)
    {
        Proxies.Partition(replica);
        return Task.CompletedTask;
    }

    public Task SetLatencyAsync(string replica, TimeSpan latency, TimeSpan jitter, CancellationToken cancellationToken)
    {
        var (each, eachJitter) = new Actions.Latency.LatencyFault(latency, jitter).PerDirection;
        Proxies.SetLatency(replica, each, eachJitter);
        return Task.CompletedTask;
    }

    public Task HealAsync(string replica, CancellationToken cancellationToken)
    {
        Proxies.Heal(replica);
        WriteFaultFile(replica, string.Empty, string.Empty);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Store faults inside the replica's etcd client, each call with <paramref name="probability"/>: written to the
    /// replica's fault file, which the worker applies within 100 ms (a Polly chaos fault before the call for
    /// <c>unavailable</c>; the reply dropped after the call for <c>indeterminate</c>). The dice are seeded from the
    /// plan's seed and the replica, so a run replays its fault pattern.
    /// </summary>
    public Task SetStoreFaultAsync(string replica, StoreFaultKind fault, double probability, CancellationToken cancellationToken)
    {
        WriteFaultFile(replica, new StoreFault(fault, probability).FaultFileLine(InjectedStoreFaults.SeedFor(plan.Target.Seed, replica)), clock: null);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The replica's clock fault, written to its fault file: the reference worker's clock (a <c>SkewedTimeProvider</c>)
    /// follows it within 100 ms; a team's service that does not read <c>${replica.faultFile}</c> is unaffected.
    /// </summary>
    public Task SetClockAsync(string replica, ClockSkewFault fault, CancellationToken cancellationToken)
    {
        WriteFaultFile(replica, storeFault: null, fault.FaultFileLine);
        return Task.CompletedTask;
    }

    public Task RestoreClockAsync(string replica, CancellationToken cancellationToken)
    {
        WriteFaultFile(replica, storeFault: null, string.Empty);
        return Task.CompletedTask;
    }

    /// <summary>Rewrites the replica's fault file with a new store-fault line and/or clock line (null: keep the one in force).</summary>
    private void WriteFaultFile(string replica, string? storeFault, string? clock)
    {
        if (ReplicaSet.All.FirstOrDefault(r => r.Name == replica) is not { } target)
        {
            return;
        }

        lock (_faultFiles)
        {
            var (currentStoreFault, currentClock) = _faultFiles.GetValueOrDefault(replica, (string.Empty, string.Empty));
            var next = (StoreFault: storeFault ?? currentStoreFault, Clock: clock ?? currentClock);
            _faultFiles[replica] = next;
            FaultFile.Write(target.FaultFile, FaultFile.Compose(next.StoreFault, next.Clock));
        }
    }

    /// <summary>
    /// Kills an etcd member and returns its plan name (<c>etcd-N</c>, N = its index among the cluster's members).
    /// The leader is looked up through the maintenance Status API; while an election is under way (e.g. just after
    /// a member rejoined) nobody reports itself leader, so the lookup is retried for a few election timeouts.
    /// </summary>
    public async Task<string> KillStoreMemberAsync(EtcdMemberSelector member, CancellationToken cancellationToken)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("etcd members can only be killed when the run started etcd itself (store.start)");
        var running = cluster.Members.Where(m => m.IsRunning).ToList();
        EtcdServerProcess victim;
        switch (member.Role)
        {
            case EtcdMemberRole.Leader:
                var leader = await FindLeaderAsync(cancellationToken) ?? throw new InvalidOperationException($"etcd has no leader right now (quorum lost?); running: {string.Join(", ", running.Select(PlanName))}");
                victim = running.FirstOrDefault(m => m.ClientUrl == leader.Endpoint) ?? throw new InvalidOperationException($"the leader {leader.Endpoint} is not one of the running members");
                break;
            case EtcdMemberRole.Follower:
                var current = await FindLeaderAsync(cancellationToken);
                victim = running.FirstOrDefault(m => m.ClientUrl != current?.Endpoint) ?? throw new InvalidOperationException("no follower member is running");
                break;
            default:
                victim = running.FirstOrDefault(m => PlanName(m) == member.Name) ?? throw new InvalidOperationException($"member '{member.Name}' is not running");
                break;
        }

        await victim.KillAsync(cancellationToken);
        _down.Add(PlanName(victim));
        return PlanName(victim);
    }

    public async Task RestartStoreMemberAsync(string member, CancellationToken cancellationToken)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("etcd members can only be restarted when the run started etcd itself (store.start)");
        var process = cluster.Members.FirstOrDefault(m => PlanName(m) == member)
            ?? throw new InvalidOperationException($"no member '{member}' (this run's members: {string.Join(", ", cluster.Members.Select(PlanName))})");
        await process.RestartAsync(cancellationToken);
        _down.Remove(member);
    }

    public IReadOnlyList<string> DownStoreMembers() => [.. _down.Order(StringComparer.Ordinal)];

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Proxies.HealAll();
        return ReplicaSet.StopAsync(cancellationToken);
    }

    public Task<IReadOnlyList<HistoryEntry>> CollectHistoryAsync(CancellationToken cancellationToken)
    {
        var read = HistoryReader.ReadPaths([ReplicaSet.HistoryDirectory]);
        if (!read.IsValid)
        {
            throw new PlanRunException("the replicas' histories are malformed:\n" + string.Join("\n", read.Errors.Take(20)));
        }

        return Task.FromResult(read.History.Entries);
    }

    public async ValueTask DisposeAsync()
    {
        if (_replicas is not null)
        {
            await _replicas.DisposeAsync();
        }

        if (_proxies is not null)
        {
            await _proxies.DisposeAsync();
        }

        if (_coordination is not null)
        {
            // Closes the NATS connection; the etcd backend does not own the observer, disposed next.
            await _coordination.DisposeAsync();
        }

        if (_observer is not null)
        {
            await _observer.DisposeAsync();
        }

        if (_nats is not null)
        {
            await _nats.DisposeAsync();
        }

        _maintenance?.Dispose();
        PlanStoreAccess.DeletePasswordFile(runDirectory);
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Starts the store the plan asks for (etcd members, or one nats-server) and returns its client endpoints.</summary>
    private async Task<IReadOnlyList<string>> StartStoreAsync(CancellationToken cancellationToken)
    {
        if (plan.Store.Start is not { } start)
        {
            await ProbeGivenStoreAsync(cancellationToken);
            return plan.Store.Endpoints;
        }

        try
        {
            if (plan.Store.Kind == StoreKind.Nats)
            {
                _nats = await NatsServerProcess.StartAsync(new NatsServerOptions { BaseDirectory = Path.Combine(runDirectory, "nats") }, cancellationToken);
                return [_nats.Url];
            }

            _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = start.Members, BaseDirectory = Path.Combine(runDirectory, "etcd") }, cancellationToken);
            return _cluster.ClientEndpoints;
        }
        catch (EtcdStartException e)
        {
            throw new PlanRunException($"etcd did not start: {e.Message}", e);
        }
        catch (NatsStartException e)
        {
            throw new PlanRunException($"nats-server did not start: {e.Message}", e);
        }
    }

    /// <summary>Asks the plan's own store endpoints before any replica starts (<see cref="StoreProbe"/>).</summary>
    private async Task ProbeGivenStoreAsync(CancellationToken cancellationToken)
    {
        if (await StoreProbe.ProbeAsync(plan.Store, Time, cancellationToken) is { } error)
        {
            throw new PlanRunException(error);
        }
    }

    /// <summary>
    /// With credentials, one authenticated read before any replica starts: a wrong password or a role without the
    /// workers' prefixes is named at once (endpoint, user, key) and fails the run with exit 2, instead of every replica
    /// exiting with the same message.
    /// </summary>
    private async Task CheckAccessAsync(CancellationToken cancellationToken)
    {
        if (plan.Store.Credentials is null || _observer is null)
        {
            return;
        }

        try
        {
            await _observer.GetAsync(Workers.WorkerConstants.ConfigKey, cancellationToken: cancellationToken);
        }
        catch (Coordination.StoreAccessDeniedException e)
        {
            throw new PlanRunException($"store: {e.Message}", e);
        }
    }

    private FaultProxyGroup Proxies => _proxies ?? throw new InvalidOperationException("the target has not started");

    /// <summary>The plan's name of a member: <c>etcd-N</c>, N its index (EtcdCluster names its processes m1, m2, …).</summary>
    private string PlanName(EtcdServerProcess member) =>
        ChaosPlanConstants.MemberNamePrefix + _cluster!.Members.ToList().IndexOf(member).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<EtcdEndpointStatus?> FindLeaderAsync(CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (true)
        {
            if (await _maintenance!.FindLeaderAsync(cancellationToken) is { } leader)
            {
                return leader;
            }

            if (Time.GetElapsedTime(started) > LeaderLookupTimeout)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), Time, cancellationToken);
        }
    }
}
