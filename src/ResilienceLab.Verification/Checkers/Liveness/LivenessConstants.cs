namespace ResilienceLab.Verification.Checkers.Liveness;

/// <summary>Name, violation kinds and defaults of the liveness check.</summary>
public static class LivenessConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "liveness";

    /// <summary>A replica lost a lock or leadership although nothing was done to it or to the store for a whole TTL before.</summary>
    public const string LostWhileHealthy = "lost-while-healthy";

    /// <summary>A replica cut off from the store kept believing it held a lock or led for longer than its TTL.</summary>
    public const string HeldWhileCutOff = "held-while-cut-off";

    /// <summary>A live, unfaulted replica neither held nor waited for a lock (or leadership) for longer than the bound.</summary>
    public const string StoppedWorking = "stopped-working";

    /// <summary>A queued waiter (or campaigning follower) did not get the lock (or leadership) within the bound after the holder went.</summary>
    public const string LateTakeover = "late-takeover";

    /// <summary>Default lease TTL the rules are measured against (the workers' default).</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(5);

    /// <summary>Allowance for a keep-alive's round trip and the loop's wake-ups.</summary>
    public static readonly TimeSpan DefaultSlack = TimeSpan.FromSeconds(1);

    /// <summary>Default longest stretch a live replica may go without holding or waiting (TTL + 5 s, as task resumption).</summary>
    public static readonly TimeSpan DefaultIdleBound = TimeSpan.FromSeconds(10);

    /// <summary>Chaos events that put a fault on the replica their key names (undone by <c>chaos.resume</c> / <c>chaos.heal</c>).</summary>
    public static readonly IReadOnlySet<string> ReplicaFaults = new HashSet<string>(StringComparer.Ordinal)
    {
        "chaos.pause", "chaos.partition", "chaos.latency", "chaos.store-fault", "chaos.revoke-lease", "chaos.kill", "chaos.terminate",
        "chaos.clock-skew",
    };

    /// <summary>Chaos events that end a replica's fault.</summary>
    public static readonly IReadOnlySet<string> ReplicaFaultEnds = new HashSet<string>(StringComparer.Ordinal) { "chaos.resume", "chaos.heal" };

    /// <summary>The chaos controller's first event: the history records the faults.</summary>
    public const string ChaosStart = "chaos.start";

    /// <summary>Chaos events that take the whole store's quorum away (every replica is cut off while they last).</summary>
    public const string QuorumLoss = "chaos.kill-etcd-quorum";

    /// <summary>The chaos event that slows a replica's store traffic (<c>details.latency</c>: the most it adds).</summary>
    public const string Latency = "chaos.latency";

    /// <summary>The chaos event that makes a replica's store calls fail (<c>details.fault</c>, <c>details.duration</c>).</summary>
    public const string StoreFault = "chaos.store-fault";

    /// <summary>The store-fault kind that fails a call at once, before it is sent (the default).</summary>
    public const string RefusalFault = "unavailable";

    /// <summary>The chaos event that partitions a replica (the one fault during which a replica can still record).</summary>
    public const string Partition = "chaos.partition";

    /// <summary>
    /// Errors of a failed acquire or campaign that still mean "waited in the queue" (busy, or gave up waiting), matched
    /// as prefixes: a bounded lock wait that ran out records "held by another holder after waiting N ms".
    /// </summary>
    public static readonly IReadOnlyList<string> WaitingErrors = ["held by another holder", "cancelled"];
}
