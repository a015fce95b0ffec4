using k8s;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.History;
using ResilienceLab.Kubernetes.Agent;
using ResilienceLab.Kubernetes.Api;
using ResilienceLab.Kubernetes.Guard;
using ResilienceLab.Kubernetes.History;
using ResilienceLab.Kubernetes.Pods;
using ResilienceLab.Kubernetes.Workload;

namespace ResilienceLab.Kubernetes;

/// <summary>
/// The pods of a deployed replica set as a chaos target, through the Kubernetes API (KubernetesClient): the pods
/// of one label selector in one namespace, kept current by a watch; kill = delete with grace period 0; terminate =
/// delete with the pod's own grace period; revoke-lease through the store. Replica names are pod names (the
/// worker takes its name from <c>POD_NAME</c>), so the lock holder or leader read from the store is a pod. Every
/// deletion passes the <see cref="BlastRadiusGuard"/>. Histories come from the pods' logs
/// (<see cref="PodLogHistoryCollector"/>). Pause, partition, latency, heal and store faults are offered when the pods carry
/// the fault agent sidecar (<see cref="KubernetesTargetOptions.AgentTokenFile"/>; <see cref="PodAgents"/>), not otherwise:
/// <see cref="TargetCapabilities"/> and docs/kubernetes.md.
/// </summary>
public sealed partial class KubernetesTarget : IChaosTarget, IReplicaKill, IStoreObserver
{
    private readonly KubernetesTargetOptions _options;
    private readonly IKubernetes _client;
    private readonly bool _ownsClient;
    private readonly PodCache _pods;
    private readonly PodLogHistoryCollector _logs;
    private readonly EtcdKeyValueStore _observer;
    private readonly TextWriter _output;
    private readonly PodAgents? _agents;
    private readonly AgentFaults? _agentFaults;
    private long? _lastDeletion;

    /// <summary>A target for the pods <paramref name="options"/> select; <paramref name="client"/> overrides the configured connection.</summary>
    /// <exception cref="BlastRadiusException">No namespace, a system namespace, or an empty selector.</exception>
    /// <exception cref="ArgumentException">Other options are invalid.</exception>
    /// <exception cref="InvalidOperationException">The kubeconfig could not be loaded.</exception>
    public KubernetesTarget(KubernetesTargetOptions options, IKubernetes? client = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Guard = BlastRadiusGuard.Create(options.Namespace, options.Selector, options.DryRun);
        var errors = options.Errors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Kubernetes target options: " + string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _output = TextWriter.Synchronized(options.Output);

        // First: a token file that cannot be read fails the target before it holds anything to release.
        if (options.AgentTokenFile is { } tokenFile)
        {
            _agents = new PodAgents(tokenFile, name => _pods!.Find(name), options.TimeProvider, options.RequestTimeout, _output);
            _agentFaults = new AgentFaults(_agents, name => _pods!.Find(name), options.Seed);
        }

        if (client is null)
        {
            var (configuration, description) = KubernetesConnection.Configure(options);
            _client = new k8s.Kubernetes(configuration);
            _ownsClient = true;
            ApiServer = description;
        }
        else
        {
            _client = client;
            ApiServer = client.BaseUri?.ToString() ?? "the given client";
        }

        _pods = new PodCache(_client, Guard.Namespace, Guard.LabelSelector, ApiServer, Time, options.RequestTimeout);
        _logs = new PodLogHistoryCollector(_client, Guard.Namespace, options.Container, ApiServer, Time, _pods.Find);
        _pods.Upserted += _logs.Track;
        _pods.Removed += _logs.Forget;
        _observer = new EtcdKeyValueStore(StoreAccess());
        Coordination = new EtcdCoordinationBackend(_observer, options.TimeProvider);
    }

    /// <summary>How the observer reaches the pods' store: their endpoints with the plan's user, password and TLS.</summary>
    private EtcdStoreOptions StoreAccess() => new()
    {
        Endpoints = [.. _options.StoreEndpoints],
        CallTimeout = _options.StoreCallTimeout,
        Username = _options.StoreAccess?.Username,
        Password = _options.StoreAccess?.Password,
        Tls = _options.StoreAccess?.Tls ?? new EtcdTlsOptions(),
        TimeProvider = _options.TimeProvider,
    };

    /// <summary>What this target may touch, and what it deleted (or, in a dry run, would have).</summary>
    public BlastRadiusGuard Guard { get; }

    /// <summary>Where the API server is and how the target authenticates (for messages and reports).</summary>
    public string ApiServer { get; }

    /// <summary>Every deletion so far (in a dry run: every deletion that would have happened).</summary>
    public IReadOnlyList<PodDeletion> Deletions => Guard.Deletions;

    public TimeProvider Time => _options.TimeProvider;

    public IKeyValueStore Observer => _observer;

    /// <summary>The etcd recipes over <see cref="Observer"/> (the pods' store is etcd).</summary>
    public ICoordinationBackend Coordination { get; }

    /// <summary>Lists and watches the pods, checks their configuration, and opens their log streams.</summary>
    /// <exception cref="KubernetesApiException">The pods cannot be listed, watched or their logs read (RBAC, namespace, API server).</exception>
    /// <exception cref="InvalidOperationException">The pods are configured so that the run would be meaningless.</exception>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _pods.StartAsync(_options.RequestTimeout, cancellationToken);
        var pods = _pods.Snapshot();
        _output.WriteLine($"kubernetes: {ApiServer}; namespace {Guard.Namespace}; selector {Guard.LabelSelector}; {pods.Count} pod(s): {string.Join(", ", pods.Select(p => p.Describe()))}{(Guard.DryRun ? "; DRY RUN: nothing will be deleted" : "")}");
        var (errors, warnings) = WorkloadConsistency.Check(pods, _options.Workload, _options.Container);
        foreach (var warning in warnings)
        {
            _output.WriteLine("warning: " + warning);
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the pods do not run the workload this plan describes: " + string.Join(" ", errors));
        }

        if (pods.Count == 0)
        {
            _output.WriteLine($"warning: no pod matches {Guard.LabelSelector} in namespace {Guard.Namespace} yet (kubectl -n {Guard.Namespace} get pods -l {Guard.LabelSelector}); waiting for them to become Ready.");
        }

        // The running pods' log streams prove (or disprove) the pods/log permission before any chaos.
        await Task.WhenAll(pods.Where(p => p.IsRunning()).Select(p => _logs.WaitAttachedAsync(p.Name(), _options.RequestTimeout, cancellationToken)));

        // An agent missing, unreachable or refusing the token is found now, not at the first pause.
        if (_agents is not null)
        {
            await _agents.CheckAsync([.. pods.Where(p => p.IsRunning())], cancellationToken);
        }

        // The store the observer reads roles from, asked now: not a vague failure at the first role lookup or the final read.
        if (_options.ProbeStore && await StoreProbe.ProbeEtcdAsync(StoreAccess(), Time, cancellationToken) is { } unreachable)
        {
            throw new InvalidOperationException($"{unreachable} (the controller reads the replicas' roles there: run it where these endpoints resolve, or port-forward the store, e.g. kubectl port-forward svc/<etcd> 2379)");
        }
    }

    /// <summary>Pods that are not terminating, oldest first; Ready when the pod is Ready and its history is being collected.</summary>
    public IReadOnlyList<ReplicaState> Replicas() =>
        [.. _pods.Snapshot()
            .Where(p => !p.IsDeleting() && !p.IsFinished())
            .Select(p => new ReplicaState(p.Name(), p.IsReady() && _logs.IsAttached(p.Name()), Paused: _agents?.IsPaused(p.Name()) == true))];

    /// <summary>
    /// Kill, terminate (pod deletion) and the raw etcd client always; pause and the store-path faults only through the
    /// agent sidecar (<see cref="AgentFaults"/>); the store's members never (the plan gives endpoints).
    /// </summary>
    public object? Capability(Type capability) =>
        TargetCapabilities.Own(this, capability) ?? (_agentFaults is { } faults && capability.IsInstanceOfType(faults) ? faults : null);

    public Task KillAsync(string replica, CancellationToken cancellationToken) => DeleteAsync(replica, graceful: false, "kill", cancellationToken);

    public Task TerminateAsync(string replica, CancellationToken cancellationToken) => DeleteAsync(replica, graceful: true, "terminate", cancellationToken);

    /// <summary>
    /// The end of a run. The pods belong to their Deployment and keep running; the target waits for the replica set
    /// to be whole again (replacements Ready), then for the workload to drain (every task complete, every live
    /// worker's counter increments acknowledged), so the final reads see a quiet store.
    /// </summary>
    /// <exception cref="ReplicaStopException">The replica set did not get back to its Ready replica count in time.</exception>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        string? notRecovered = null;
        if (_lastDeletion is { } last)
        {
            var remaining = _options.ReplacementTimeout - Time.GetElapsedTime(last);
            if (!await WaitForAsync(() => ReadyCount() >= _options.Replicas, remaining, cancellationToken))
            {
                notRecovered = $"the replica set did not recover: {ReadyCount()} of {_options.Replicas} pods of {Guard.LabelSelector} in namespace {Guard.Namespace} were Ready " +
                    $"{_options.ReplacementTimeout} after the last deletion ({string.Join(", ", _pods.Snapshot().Select(p => p.Describe()))})";
                _output.WriteLine("error: " + notRecovered);
            }
        }

        await DrainAsync(cancellationToken);
        if (notRecovered is not null)
        {
            throw new ReplicaStopException(notRecovered);
        }
    }

    /// <summary>Ends log collection and returns every pod's history, validated.</summary>
    /// <exception cref="HistoryFormatException">A pod's history lines are malformed.</exception>
    /// <exception cref="InvalidOperationException">A pod's worker printed no history, or recorded it under another name than its pod's.</exception>
    public async Task<IReadOnlyList<HistoryEntry>> CollectHistoryAsync(CancellationToken cancellationToken)
    {
        await _logs.StopAsync(_options.LogFlushDelay, _options.DeleteTimeout);
        var result = _logs.Read();
        if (!result.IsValid)
        {
            throw new HistoryFormatException(result.Errors);
        }

        var problems = new List<string>();
        foreach (var log in _logs.Logs.Where(l => l.IsAttached))
        {
            if (log.HistoryLineCount == 0 && log.OtherLineCount > 0)
            {
                problems.Add($"pod {log.Pod} printed {log.OtherLineCount} log line(s) but no history: set {KubernetesTargetConstants.HistoryPathVariable}={KubernetesTargetConstants.HistoryStdoutPath} in its container's env (k8s/worker.yaml does).");
            }
        }

        var strangers = result.History.Entries.Select(e => e.Process).Distinct(StringComparer.Ordinal)
            .Where(p => _logs.Logs.All(l => l.Pod != p)).ToList();
        if (strangers.Count > 0)
        {
            problems.Add($"the pods recorded history as {string.Join(", ", strangers)}, which are not pod names: the worker must take its name from POD_NAME (do not set RESLAB_Replica__Name).");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("the pods' histories cannot be used: " + string.Join(" ", problems));
        }

        foreach (var warning in result.Warnings)
        {
            _output.WriteLine("history warning: " + warning);
        }

        return result.History.Entries;
    }

    public async ValueTask DisposeAsync()
    {
        if (_agents is not null)
        {
            await _agents.DisposeAsync();
        }

        await _pods.DisposeAsync();
        await _logs.DisposeAsync();
        await _observer.DisposeAsync();
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private int ReadyCount() => Replicas().Count(r => r.Ready);

    /// <summary>Waits for <paramref name="condition"/>, re-checked on every pod change and at least every 250 ms (log attachment is not a pod change).</summary>
    private async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Time.GetTimestamp();
        while (!condition())
        {
            var remaining = timeout - Time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }

            var slice = remaining < TimeSpan.FromMilliseconds(250) ? remaining : TimeSpan.FromMilliseconds(250);
            await _pods.WaitUntilAsync(_ => condition(), slice, cancellationToken);
        }

        return true;
    }
}
