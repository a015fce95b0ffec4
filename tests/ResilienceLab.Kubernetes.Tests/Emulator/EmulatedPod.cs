using k8s.Models;

namespace ResilienceLab.Kubernetes.Tests.Emulator;

/// <summary>One pod object of the emulator, with the process behind its container. Mutated only under the emulator's lock.</summary>
internal sealed class EmulatedPod
{
    public const string ContainerName = "worker";

    public const string AgentContainerName = "agent";

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Uid { get; set; }

    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required IPodProcess Process { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public long GracePeriodSeconds { get; init; } = 30;

    public IReadOnlyList<V1EnvVar> Env { get; init; } = [];

    /// <summary>The port of the fault agent sidecar (k8s/agent/30-worker-agent.yaml), or null when the pod has none.</summary>
    public int? AgentPort { get; init; }

    /// <summary>The ReplicaSet (or test) that made it; replacements are made by the owner, not the emulator.</summary>
    public object? Owner { get; init; }

    public long ResourceVersion { get; set; }

    public bool Started { get; set; }

    public bool Ready { get; set; }

    public DateTimeOffset? DeletionTimestamp { get; set; }

    public long? DeletionGracePeriodSeconds { get; set; }

    public bool KillSent { get; set; }

    /// <summary>The object as the API returns it (JSON names and shapes of the real API via the KubernetesClient models).</summary>
    public V1Pod ToV1Pod() => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = Name,
            NamespaceProperty = Namespace,
            Uid = Uid,
            ResourceVersion = ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Labels = Labels.ToDictionary(l => l.Key, l => l.Value),
            CreationTimestamp = CreatedAt.UtcDateTime,
            DeletionTimestamp = DeletionTimestamp?.UtcDateTime,
            DeletionGracePeriodSeconds = DeletionGracePeriodSeconds,
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = OwnerName, Uid = "00000000-0000-0000-0000-000000000001", Controller = true }],
        },
        Spec = new V1PodSpec
        {
            Containers = AgentPort is { } agentPort
                ?
                [
                    new V1Container { Name = ContainerName, Image = "resiliencelab/reslab:dev", Env = [.. Env] },
                    new V1Container
                    {
                        Name = AgentContainerName,
                        Image = "resiliencelab/reslab:dev",
                        Args = ["agent"],
                        Ports = [new V1ContainerPort { Name = ResilienceLab.Hosting.AgentProtocol.PortName, ContainerPort = agentPort }],
                    },
                ]
                : [new V1Container { Name = ContainerName, Image = "resiliencelab/reslab:dev", Env = [.. Env] }],
            ShareProcessNamespace = AgentPort is null ? null : true,
            TerminationGracePeriodSeconds = GracePeriodSeconds,
            RestartPolicy = "Always",
            ServiceAccountName = "default",
        },
        Status = new V1PodStatus
        {
            Phase = Started ? "Running" : "Pending",
            PodIP = "127.0.0.1",
            StartTime = CreatedAt.UtcDateTime,
            Conditions =
            [
                new V1PodCondition { Type = "Ready", Status = Ready ? "True" : "False", Reason = Ready ? null : "ContainersNotReady" },
                new V1PodCondition { Type = "ContainersReady", Status = Ready ? "True" : "False" },
            ],
            ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = ContainerName,
                    Image = "resiliencelab/reslab:dev",
                    ImageID = "sha256:emulated",
                    Ready = Ready,
                    Started = Started,
                    RestartCount = 0,
                    ContainerID = $"containerd://{Uid}",
                    State = Started
                        ? new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = CreatedAt.UtcDateTime } }
                        : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "ContainerCreating" } },
                },
            ],
        },
    };

    private string OwnerName => Name.LastIndexOf('-') is var dash and > 0 ? Name[..dash] : Name;
}
