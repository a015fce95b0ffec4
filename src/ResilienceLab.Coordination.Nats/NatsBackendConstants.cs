namespace ResilienceLab.Coordination.Nats;

/// <summary>Defaults of <see cref="NatsBackendOptions"/> and the names the backend uses in the server.</summary>
public static class NatsBackendConstants
{
    /// <summary>The name plans and reports use.</summary>
    public const string Kind = "nats";

    /// <summary>Deadline of each call, as the etcd client's.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a waiter retries to take a lock or a leadership, and an observer re-reads the leader. NATS 2.9 gives
    /// watchers no event when an entry expires (bucket MaxAge), so waiting is polling: this bounds the extra take-over latency.
    /// </summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Buckets are <c>&lt;prefix&gt;-data</c> (plain keys, no expiry) and <c>&lt;prefix&gt;-locks</c> (MaxAge = the TTL).</summary>
    public const string DefaultBucketPrefix = "reslab";

    /// <summary>Suffix of the bucket of plain keys.</summary>
    public const string DataBucketSuffix = "-data";

    /// <summary>Suffix of the bucket of lock and candidacy entries.</summary>
    public const string LocksBucketSuffix = "-locks";
}
