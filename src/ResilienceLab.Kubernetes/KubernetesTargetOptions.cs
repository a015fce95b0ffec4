using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Workers;

namespace ResilienceLab.Kubernetes;

/// <summary>Settings of a <see cref="KubernetesTarget"/>: which pods, how to reach the API server and the store, and its deadlines.</summary>
public sealed class KubernetesTargetOptions
{
    /// <summary>The namespace of the pods under test. Required; never a kube-* system namespace.</summary>
    public string? Namespace { get; set; }

    /// <summary>The label selector of the pods under test (equality on every label). Required and non-empty.</summary>
    public IDictionary<string, string> Selector { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>How many pods the selector should match when the replica set is healthy.</summary>
    public int Replicas { get; set; } = 3;

    /// <summary>An explicit API server URL (e.g. <c>http://127.0.0.1:8001</c> for <c>kubectl proxy</c> or a test emulator); wins over everything else.</summary>
    public string? Host { get; set; }

    /// <summary>A kubeconfig file; when absent: in-cluster configuration inside a pod, else the default kubeconfig.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context; its current context when absent.</summary>
    public string? Context { get; set; }

    /// <summary>The etcd endpoints the pods use (the observer reads roles there). Required.</summary>
    public IList<string> StoreEndpoints { get; set; } = new List<string>();

    /// <summary>
    /// The observer's etcd user, password and TLS (the plan's store.username, store.passwordFrom, store.tls, resolved by the
    /// controller); null user for an etcd without authentication. The workers get theirs from their own Secret.
    /// </summary>
    public EtcdStoreOptions? StoreAccess { get; set; }

    /// <summary>
    /// Whether <c>StartAsync</c> asks the store endpoints before any chaos (a few bounded attempts,
    /// <see cref="Chaos.Targets.StoreProbe"/>) and fails naming each endpoint when none answers: the observer reads roles
    /// there, and the endpoints the pods use may not resolve where the controller runs. Off only for a target that never
    /// reads the store.
    /// </summary>
    public bool ProbeStore { get; set; } = true;

    /// <summary>Deadline of every observer call to the store.</summary>
    public TimeSpan StoreCallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The container whose log carries the worker's history; the pod's first container when absent.</summary>
    public string? Container { get; set; }

    /// <summary>
    /// The file holding the fault agents' bearer token (the plan's <c>target.agent.tokenFile</c>); null: the pods have no
    /// agent sidecar, and pause, partition, latency, heal and store-fault are not offered.
    /// </summary>
    public string? AgentTokenFile { get; set; }

    /// <summary>The run's seed: store faults sent to the agents are seeded from it and the pod name, so a run replays its fault pattern.</summary>
    public long Seed { get; set; } = Chaos.Plans.ChaosPlanConstants.DefaultSeed;

    /// <summary>Deletes are sent as server-side dry runs (<c>dryRun=All</c>) and printed: RBAC and preconditions are checked, nothing is deleted.</summary>
    public bool DryRun { get; set; }

    /// <summary>The workload the pods run (from the plan), to check the pods' configuration against and to know when it has drained; null: no checks.</summary>
    public ReplicaOptions? Workload { get; set; }

    /// <summary>Deadline of every API request that is not a stream.</summary>
    public TimeSpan RequestTimeout { get; set; } = KubernetesTargetConstants.DefaultRequestTimeout;

    /// <summary>How long the target waits to see a deleted pod leave (or start terminating).</summary>
    public TimeSpan DeleteTimeout { get; set; } = KubernetesTargetConstants.DefaultDeleteTimeout;

    /// <summary>How long after the last deletion the replica set may take to be back to <see cref="Replicas"/> Ready pods.</summary>
    public TimeSpan ReplacementTimeout { get; set; } = KubernetesTargetConstants.DefaultReplacementTimeout;

    /// <summary>At the end of a run: how long to wait for the workload (tasks, counter increments) to finish before the history is cut.</summary>
    public TimeSpan DrainTimeout { get; set; } = KubernetesTargetConstants.DefaultDrainTimeout;

    /// <summary>At the end of a run: how long live pods' log streams are still read before they are closed.</summary>
    public TimeSpan LogFlushDelay { get; set; } = KubernetesTargetConstants.DefaultLogFlushDelay;

    /// <summary>Where the target reports what it does (deletions, dry-run lines, warnings).</summary>
    public TextWriter Output { get; set; } = TextWriter.Null;

    /// <summary>The clock of every deadline.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Every invalid setting, one sentence each (the blast-radius rules are <see cref="Guard.BlastRadiusGuard"/>'s).</summary>
    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (StoreEndpoints.Count == 0)
        {
            errors.Add("StoreEndpoints is empty: give the etcd client URLs the pods use (the plan's store.endpoints), so roles can be read from the store.");
        }

        if (Replicas < 1)
        {
            errors.Add($"Replicas is {Replicas}; the selector must match at least one pod.");
        }

        foreach (var (name, value) in new[] { ("RequestTimeout", RequestTimeout), ("DeleteTimeout", DeleteTimeout), ("ReplacementTimeout", ReplacementTimeout), ("StoreCallTimeout", StoreCallTimeout) })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{name} is {value}; it must be positive.");
            }
        }

        if (DrainTimeout < TimeSpan.Zero || LogFlushDelay < TimeSpan.Zero)
        {
            errors.Add($"DrainTimeout ({DrainTimeout}) and LogFlushDelay ({LogFlushDelay}) must not be negative.");
        }

        if (Host is not null && !Uri.TryCreate(Host, UriKind.Absolute, out _))
        {
            errors.Add($"Host '{Host}' is not an absolute URL such as http://127.0.0.1:8001.");
        }

        return errors;
    }
}
