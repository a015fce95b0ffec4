namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>Which actions each target offers, and why not when it does not (one table, so targets can grow).</summary>
internal static class TargetCapabilities
{
    private const string NoProxyOnKubernetes =
        "the fault proxy and the in-worker fault hooks run only beside local and simulated replicas; pods are reached only through the Kubernetes API (kill, terminate) and the store (revoke-lease)";

    private static readonly Dictionary<(TargetKind, ChaosActionKind), string> Unsupported = new()
    {
        [(TargetKind.Kubernetes, ChaosActionKind.Pause)] = "pausing a pod needs SIGSTOP inside its container, which the Kubernetes API does not offer",
        [(TargetKind.Kubernetes, ChaosActionKind.Partition)] = NoProxyOnKubernetes,
        [(TargetKind.Kubernetes, ChaosActionKind.Latency)] = NoProxyOnKubernetes,
        [(TargetKind.Kubernetes, ChaosActionKind.Heal)] = NoProxyOnKubernetes,
        [(TargetKind.Kubernetes, ChaosActionKind.StoreFault)] = NoProxyOnKubernetes,
    };

    /// <summary>Null when <paramref name="target"/> offers <paramref name="action"/>; otherwise the reason it does not.</summary>
    public static string? WhyNot(TargetKind target, ChaosActionKind action) => Unsupported.GetValueOrDefault((target, action));
}
