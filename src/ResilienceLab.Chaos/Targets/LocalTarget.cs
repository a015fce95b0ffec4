using ResilienceLab.Chaos.Local;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.History;
using ResilienceLab.Network;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// Real processes on this machine: N <c>reslab-worker</c> processes (ReplicaSet semantics: a dead replica is
/// replaced under a new name), a real etcd the run starts itself (1 or 3 members on free loopback ports, temp data
/// dirs, removed after) or the plan's endpoints, and one TCP fault proxy per (replica, etcd member) through which
/// each replica reaches the store — so a replica can be partitioned or slowed on its own. The controller's own
/// client talks to etcd directly. Signals are real: SIGKILL, SIGTERM, SIGSTOP / SIGCONT.
/// </summary>
public sealed class LocalTarget(ChaosPlan plan, string runDirectory, string? workerPath = null) : IChaosTarget
{
    private readonly HashSet<string> _down = new(StringComparer.Ordinal);
    private EtcdCluster? _cluster;
    private FaultProxyGroup? _proxies;
    private LocalReplicaSet? _replicas;
    private EtcdKeyValueStore? _observer;
    private EtcdMaintenance? _maintenance;

    public TimeProvider Time => TimeProvider.System;

    public IKeyValueStore Observer => _observer ?? throw new InvalidOperationException("the target has not started");

    /// <summary>The replica set (for tests).</summary>
    public LocalReplicaSet ReplicaSet => _replicas ?? throw new InvalidOperationException("the target has not started");

    /// <summary>The etcd cluster the run started, or null when the plan gave endpoints.</summary>
    public EtcdCluster? Cluster => _cluster;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> endpoints;
        try
        {
            if (plan.Store.Start is { } start)
            {
                _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = start.Members, BaseDirectory = Path.Combine(runDirectory, "etcd") }, cancellationToken);
                endpoints = _cluster.ClientEndpoints;
            }
            else
            {
                endpoints = plan.Store.Endpoints;
            }
        }
        catch (EtcdStartException e)
        {
            throw new PlanRunException($"etcd did not start: {e.Message}", e);
        }

        _observer = new EtcdKeyValueStore(new EtcdStoreOptions { Endpoints = [.. endpoints], CallTimeout = plan.Store.CallTimeout });
        _maintenance = new EtcdMaintenance(endpoints);
        _proxies = new FaultProxyGroup(endpoints);
        var options = new LocalReplicaSetOptions
        {
            WorkerPath = workerPath ?? WorkerLocator.Find(),
            RunDirectory = runDirectory,
            StoreEndpoints = string.Join(',', endpoints),
            EndpointsFor = name => string.Join(',', _proxies.GetEndpoints(name)),
            Replicas = plan.Target.Replicas,
            Template = PlanWorkload.ToReplicaOptions(plan),
        };
        options.Environment["RESLAB_Store__CallTimeout"] = plan.Store.CallTimeout.ToString();
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

    public IReadOnlyList<ReplicaState> Replicas() =>
        _replicas is null ? [] : [.. _replicas.Live.Select(r => new ReplicaState(r.Name, r.IsReady, r.IsPaused))];

    public bool Supports(ChaosActionKind action) => true;

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
        // The plan's latency is added to the round trip: half each way.
        Proxies.SetLatency(replica, latency / 2, jitter / 2);
        return Task.CompletedTask;
    }

    public Task HealAsync(string replica, CancellationToken cancellationToken)
    {
        Proxies.Heal(replica);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Store faults through the replica's proxies: <c>unavailable</c> resets its connections (requests fail fast);
    /// <c>indeterminate</c> delays replies past the call timeout, so requests apply but their replies come too late.
    /// The fault applies to every request while it lasts (the probability is for the simulation only).
    /// </summary>
    public Task SetStoreFaultAsync(string replica, StoreFaultKind fault, double probability, CancellationToken cancellationToken)
    {
        if (fault == StoreFaultKind.Unavailable)
        {
            Proxies.Reset(replica);
        }
        else
        {
            Proxies.SetLatency(replica, plan.Store.CallTimeout + TimeSpan.FromSeconds(1), TimeSpan.Zero, ProxyDirection.ToClient);
        }

        return Task.CompletedTask;
    }

    public async Task<string> KillStoreMemberAsync(EtcdMemberSelector member, CancellationToken cancellationToken)
    {
        var cluster = _cluster ?? throw new NotSupportedException("etcd members can only be killed when the run started etcd itself (store.start)");
        var running = cluster.Members.Where(m => m.IsRunning).ToList();
        EtcdServerProcess victim;
        switch (member.Role)
        {
            case EtcdMemberRole.Leader:
                var leader = await _maintenance!.FindLeaderAsync(cancellationToken) ?? throw new InvalidOperationException("etcd has no leader right now (quorum lost?)");
                victim = running.FirstOrDefault(m => m.ClientUrl == leader.Endpoint) ?? throw new InvalidOperationException($"the leader {leader.Endpoint} is not one of the running members");
                break;
            case EtcdMemberRole.Follower:
                var current = await _maintenance!.FindLeaderAsync(cancellationToken);
                victim = running.FirstOrDefault(m => m.ClientUrl != current?.Endpoint) ?? throw new InvalidOperationException("no follower member is running");
                break;
            default:
                victim = running.FirstOrDefault(m => m.Name == member.Name) ?? throw new InvalidOperationException($"member '{member.Name}' is not running");
                break;
        }

        await victim.KillAsync(cancellationToken);
        _down.Add(victim.Name);
        return victim.Name;
    }

    public async Task RestartStoreMemberAsync(string member, CancellationToken cancellationToken)
    {
        var cluster = _cluster ?? throw new NotSupportedException("etcd members can only be restarted when the run started etcd itself (store.start)");
        var process = cluster.Members.FirstOrDefault(m => m.Name == member) ?? throw new InvalidOperationException($"no member '{member}'");
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

        if (_observer is not null)
        {
            await _observer.DisposeAsync();
        }

        _maintenance?.Dispose();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private FaultProxyGroup Proxies => _proxies ?? throw new InvalidOperationException("the target has not started");
}
