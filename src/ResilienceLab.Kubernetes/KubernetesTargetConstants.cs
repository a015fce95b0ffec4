namespace ResilienceLab.Kubernetes;

/// <summary>Names and defaults of the Kubernetes target.</summary>
public static class KubernetesTargetConstants
{
    /// <summary>Where a worker in a pod writes its history: its stdout, which the target reads back through the pod log API.</summary>
    public const string HistoryStdoutPath = "/dev/stdout";

    /// <summary>The environment variable that points the worker's history at <see cref="HistoryStdoutPath"/>.</summary>
    public const string HistoryPathVariable = "RESLAB_Replica__HistoryPath";

    /// <summary>The prefix of Kubernetes' own system namespaces (kube-system, kube-public, kube-node-lease), where the target never acts.</summary>
    public const string SystemNamespacePrefix = "kube-";

    /// <summary>The server-side dry-run value of a DELETE: the API server authorizes and validates the request but persists nothing.</summary>
    public const string ServerDryRun = "All";

    /// <summary>The grace period Kubernetes applies when a pod spec does not set terminationGracePeriodSeconds.</summary>
    public const long DefaultPodGracePeriodSeconds = 30;

    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultDeleteTimeout = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan DefaultReplacementTimeout = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan DefaultDrainTimeout = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan DefaultLogFlushDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long a watch request stays open before the target re-lists (the server may close it earlier).</summary>
    public static readonly TimeSpan WatchWindow = TimeSpan.FromMinutes(5);

    /// <summary>Back-off between attempts to (re)open a watch or a log stream.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
}
