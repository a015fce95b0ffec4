namespace ResilienceLab.Kubernetes.Running;

/// <summary>How a plan with <c>target: kubernetes</c> is run, beyond what the plan says (command-line switches, tests).</summary>
public sealed class KubernetesRunSettings
{
    /// <summary><c>--dry-run</c>: every deletion is printed and sent as a server-side dry run; nothing is deleted.</summary>
    public bool DryRun { get; set; }

    /// <summary>An explicit API server URL, overriding the plan's kubeconfig / in-cluster configuration (e.g. <c>kubectl proxy</c>).</summary>
    public string? Host { get; set; }

    /// <summary>Overrides the plan's target.kubeconfig.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Overrides the plan's target.context.</summary>
    public string? Context { get; set; }

    /// <summary>How long after the last deletion the replica set may take to be back to its Ready replica count.</summary>
    public TimeSpan ReplacementTimeout { get; set; } = KubernetesTargetConstants.DefaultReplacementTimeout;

    /// <summary>How long the target waits to see a deleted pod leave the API.</summary>
    public TimeSpan DeleteTimeout { get; set; } = KubernetesTargetConstants.DefaultDeleteTimeout;

    /// <summary>How long live pods' logs are still read at the end of the run.</summary>
    public TimeSpan LogFlushDelay { get; set; } = KubernetesTargetConstants.DefaultLogFlushDelay;

    /// <summary>The clock of the run.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
