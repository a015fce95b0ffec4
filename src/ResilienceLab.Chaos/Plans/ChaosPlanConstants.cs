namespace ResilienceLab.Chaos.Plans;

/// <summary>The plan language's fixed strings, defaults and limits (docs/chaos-plans.md lists the same values).</summary>
public static class ChaosPlanConstants
{
    /// <summary>The only apiVersion this build reads.</summary>
    public const string ApiVersion = "resiliencelab/v1";

    /// <summary>The only kind this build reads.</summary>
    public const string Kind = "ChaosPlan";

    /// <summary>Prefix of the names of the etcd members a run starts (etcd-0, etcd-1, …).</summary>
    public const string MemberNamePrefix = "etcd-";

    /// <summary>Default target.seed.</summary>
    public const long DefaultSeed = 1;

    /// <summary>Where <c>target.agent: true</c> reads the agents' bearer token: the agent token Secret mounted into the controller's pod.</summary>
    public const string DefaultAgentTokenFile = "/var/run/secrets/resiliencelab/agent/token";

    /// <summary>Default number of members of a simulated store.</summary>
    public const int DefaultSimulatedMembers = 1;

    /// <summary>Default workload.tasks.steps.</summary>
    public const int DefaultTaskSteps = 20;

    /// <summary>Default workload.counter.increments (per replica).</summary>
    public const int DefaultIncrements = 100;

    /// <summary>Default pause after each counter increment (the worker's own default).</summary>
    public static readonly TimeSpan DefaultCounterInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>Largest target.replicas.</summary>
    public const int MaxReplicas = 1000;

    /// <summary>Largest target.replicas of a local target: each is a worker process on this machine (measured; see the validator).</summary>
    public const int MaxLocalReplicas = 32;

    /// <summary>Largest workload.tasks.count.</summary>
    public const int MaxTasks = 10_000;

    /// <summary>Largest workload.tasks.steps and workload.counter.increments.</summary>
    public const int MaxSteps = 1_000_000;

    /// <summary>Largest plan file the loader reads.</summary>
    public const int MaxFileBytes = 1024 * 1024;

    /// <summary>Member counts a started or simulated store may have.</summary>
    public static IReadOnlyList<int> AllowedMemberCounts { get; } = [1, 3, 5];

    /// <summary>Default store.callTimeout.</summary>
    public static TimeSpan DefaultCallTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Default workload.tasks.stepDuration.</summary>
    public static TimeSpan DefaultStepDuration { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Default workload.tasks.lockTtl.</summary>
    public static TimeSpan DefaultLockTtl { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Default workload.election.ttl (the heartbeat interval defaults to a third of it).</summary>
    public static TimeSpan DefaultElectionTtl { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Default probe interval.</summary>
    public static TimeSpan DefaultProbeInterval { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Default probe timeout.</summary>
    public static TimeSpan DefaultProbeTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Added to the lock TTL for the default task-resumption bound (resumeWithin = lockTtl + slack).</summary>
    public static TimeSpan ResumeSlack { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Added to the election TTL for the default leader-safety bound (newLeaderWithin = ttl + slack).</summary>
    public static TimeSpan LeaderSlack { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest workload.duration (and any other duration in a plan).</summary>
    public static TimeSpan MaxDuration { get; } = TimeSpan.FromHours(24);

    /// <summary>Below this, a real etcd raises a lease TTL to its own minimum (about 2 s with default timings).</summary>
    public static TimeSpan EtcdMinimumTtl { get; } = TimeSpan.FromSeconds(2);
}
