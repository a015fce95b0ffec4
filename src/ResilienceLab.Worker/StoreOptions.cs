using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Worker;

/// <summary>The store a replica coordinates through (section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The store kind; only <c>etcd</c> for a worker process (the simulated store lives in one process).</summary>
    public string Kind { get; set; } = WorkerHostConstants.EtcdKind;

    /// <summary>Comma-separated etcd client URLs, e.g. <c>http://127.0.0.1:2379,http://127.0.0.1:22379</c>.</summary>
    public string? Endpoints { get; set; }

    /// <summary>Deadline of each attempt of each store call.</summary>
    public TimeSpan CallTimeout { get; set; } = EtcdStoreConstants.DefaultCallTimeout;

    /// <summary>How long the replica keeps retrying to load its startup state before exiting with code 3.</summary>
    public TimeSpan StartupTimeout { get; set; } = WorkerHostConstants.DefaultStartupTimeout;

    /// <summary>The endpoints as a list.</summary>
    public IList<string> EndpointList() =>
        (Endpoints ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The etcd client's options.</summary>
    public EtcdStoreOptions ToEtcdOptions(TimeProvider timeProvider) => new()
    {
        Endpoints = EndpointList(),
        CallTimeout = CallTimeout,
        TimeProvider = timeProvider,
    };
}
