namespace ResilienceLab.Worker;

/// <summary>Names and defaults of the worker executable's configuration.</summary>
public static class WorkerHostConstants
{
    /// <summary>Prefix of the environment variables read as configuration: <c>RESLAB_Replica__Name</c> is <c>Replica:Name</c>.</summary>
    public const string EnvironmentPrefix = "RESLAB_";

    /// <summary>The Kubernetes downward-API variable that names the replica when <c>Replica:Name</c> is not set.</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>Section of <see cref="StoreOptions"/>.</summary>
    public const string StoreSection = "Store";

    /// <summary>Section of <see cref="WorkerHostOptions"/>.</summary>
    public const string HostSection = "Host";

    /// <summary>Store kind: etcd (the etcd recipes over dotnet-etcd).</summary>
    public const string EtcdKind = "etcd";

    /// <summary>Store kind: NATS JetStream key-value buckets.</summary>
    public const string NatsKind = "nats";

    /// <summary>How long a replica keeps trying to load its startup state before it gives up with exit code 3.</summary>
    public static readonly TimeSpan DefaultStartupTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often a replica reads its <c>Store:FaultFile</c>.</summary>
    public static readonly TimeSpan FaultFilePollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a graceful stop (workers stop, locks released, leadership resigned, lease revoked) may take.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(10);
}
