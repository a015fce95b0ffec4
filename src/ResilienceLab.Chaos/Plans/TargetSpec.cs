namespace ResilienceLab.Chaos.Plans;

/// <summary>The <c>target</c> section: where the replicas run.</summary>
public sealed record TargetSpec
{
    /// <summary>simulation, local or kubernetes.</summary>
    public required TargetKind Kind { get; init; }

    /// <summary>How many replicas run (on kubernetes: how many pods the selector must match).</summary>
    public required int Replicas { get; init; }

    /// <summary>Seed of the run's random source (jitter, random selection; in a simulation, everything).</summary>
    public long Seed { get; init; } = ChaosPlanConstants.DefaultSeed;

    /// <summary>Kubernetes namespace of the pods; required for kubernetes, never a kube-* system namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Kubernetes label selector (equality on every label); required and non-empty for kubernetes.</summary>
    public IReadOnlyDictionary<string, string> Selector { get; init; } = new Dictionary<string, string>();

    /// <summary>Path of a kubeconfig file; in-cluster configuration or the default kubeconfig when absent.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context to use; its current context when absent.</summary>
    public string? Context { get; init; }

    /// <summary>Kubernetes only: the pods carry the fault agent sidecar (pause and network/store faults); null: they do not.</summary>
    public AgentSpec? Agent { get; init; }

    /// <summary>Per-replica clock skew and drift (simulation only).</summary>
    public IReadOnlyList<ReplicaClockSpec> Clocks { get; init; } = [];

    /// <summary>The process each local replica runs; null: the reference worker (local only).</summary>
    public ReplicaProcessSpec? Replica { get; init; }
}
