namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>How the pods of a <see cref="FakeReplicaSet"/> behave.</summary>
internal sealed record FakePods
{
    public string Prefix { get; init; } = "reslab-worker-6d9f7c";

    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;

    public TimeSpan ReadyDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ShutdownTime { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan ReplacementDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public long GracePeriodSeconds { get; init; } = 5;

    /// <summary>The container env the pods declare (default: POD_NAME from the downward API and the history on stdout, as k8s/worker.yaml).</summary>
    public IReadOnlyList<k8s.Models.V1EnvVar>? Env { get; init; } = DefaultEnv;

    public static IReadOnlyList<k8s.Models.V1EnvVar> DefaultEnv { get; } =
    [
        new() { Name = "POD_NAME", ValueFrom = new() { FieldRef = new() { FieldPath = "metadata.name" } } },
        new() { Name = KubernetesTargetConstants.HistoryPathVariable, Value = KubernetesTargetConstants.HistoryStdoutPath },
    ];

    /// <summary>
    /// What every new pod prints first, given its name; by default what a worker prints (its first history lines).
    /// KubernetesClient returns a follow stream only once its first line arrived, as a worker's does at once.
    /// </summary>
    public Func<string, IEnumerable<string>> Banner { get; init; } = Infrastructure.HistoryLines.Startup;
}
