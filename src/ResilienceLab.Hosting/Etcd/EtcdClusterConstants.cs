namespace ResilienceLab.Hosting;

/// <summary>Defaults of <see cref="EtcdClusterOptions"/>.</summary>
public static class EtcdClusterConstants
{
    /// <summary>The Debian package installs it at /usr/bin/etcd.</summary>
    public const string DefaultEtcdPath = "etcd";

    /// <summary>Heartbeat interval with fast failure detection (etcd's default is 100 ms).</summary>
    public const int FastHeartbeatIntervalMs = 50;

    /// <summary>Election timeout with fast failure detection (etcd's default is 1000 ms): a killed leader is replaced in ~0.35 s and the minimum lease TTL drops to 1 s.</summary>
    public const int FastElectionTimeoutMs = 300;

    /// <summary>A single member is ready in under 1 s, three in ~2.5 s; the margin is for loaded CI machines.</summary>
    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>SIGTERM of the last member of a cluster can take seconds.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Pause between two health probes while waiting for a member.</summary>
    public static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Deadline of one health probe.</summary>
    public static readonly TimeSpan HealthProbeTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Most members a local cluster may have.</summary>
    public const int MaxMembers = 7;
}
