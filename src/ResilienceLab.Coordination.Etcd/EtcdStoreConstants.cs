namespace ResilienceLab.Coordination.Etcd;

/// <summary>Defaults of <see cref="EtcdStoreOptions"/>.</summary>
public static class EtcdStoreConstants
{
    /// <summary>Deadline of one attempt of one call. A frozen member can hold a call for seconds, so every call has one.</summary>
    public static readonly TimeSpan DefaultCallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Retries after the first attempt of a call that is safe to retry.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Base of the exponential back-off between retries (Polly adds jitter).</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>Upper bound of one back-off delay.</summary>
    public static readonly TimeSpan DefaultRetryMaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>The smallest call timeout Polly's timeout strategy accepts.</summary>
    public static readonly TimeSpan MinimumCallTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>Most retries the options accept; more only hides an outage.</summary>
    public const int MaxRetriesLimit = 100;
}
