namespace ResilienceLab.Network;

/// <summary>Defaults and limits of <see cref="FaultProxyOptions"/>.</summary>
public static class FaultProxyConstants
{
    /// <summary>Size of one read, and so the largest chunk that is delayed as a unit.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    /// <summary>Smallest accepted <see cref="FaultProxyOptions.BufferSize"/>.</summary>
    public const int MinBufferSize = 1024;

    /// <summary>Largest accepted <see cref="FaultProxyOptions.BufferSize"/>.</summary>
    public const int MaxBufferSize = 4 * 1024 * 1024;

    /// <summary>
    /// Chunks read but not yet written, per direction of a connection. With latency this bounds the bytes in
    /// flight (like a TCP window); beyond it the proxy stops reading and the sender's socket buffer fills.
    /// </summary>
    public const int DefaultMaxQueuedChunks = 64;

    /// <summary>Largest accepted <see cref="FaultProxyOptions.MaxQueuedChunks"/>.</summary>
    public const int MaxQueuedChunksLimit = 4096;

    /// <summary>Seed of the jitter when none is given.</summary>
    public const long DefaultSeed = 1;

    /// <summary>Largest latency or jitter accepted.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromHours(1);

    /// <summary>How long dialling the upstream may take before the client connection is reset.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(5);
}
