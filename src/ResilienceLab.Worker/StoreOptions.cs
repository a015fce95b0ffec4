using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Coordination.Nats;

using ResilienceLab.Hosting;

namespace ResilienceLab.Worker;

/// <summary>The store a replica coordinates through (section <c>Store</c>).</summary>
public sealed class StoreOptions
{
    /// <summary>The store kind: <c>etcd</c> or <c>nats</c> (the simulated store lives in one process).</summary>
    public string Kind { get; set; } = WorkerHostConstants.EtcdKind;

    /// <summary>
    /// Comma-separated client URLs: etcd <c>http://127.0.0.1:2379,http://127.0.0.1:22379</c>; nats <c>nats://127.0.0.1:4222</c>.
    /// </summary>
    public string? Endpoints { get; set; }

    /// <summary>NATS only: how often a waiter retries a lock or leadership (expired entries send no event on NATS 2.9).</summary>
    public TimeSpan PollInterval { get; set; } = NatsBackendConstants.DefaultPollInterval;

    /// <summary>Deadline of each attempt of each store call.</summary>
    public TimeSpan CallTimeout { get; set; } = EtcdStoreConstants.DefaultCallTimeout;

    /// <summary>How long the replica keeps retrying to load its startup state before exiting with code 3.</summary>
    public TimeSpan StartupTimeout { get; set; } = WorkerHostConstants.DefaultStartupTimeout;

    /// <summary>
    /// A file the chaos controller writes to inject faults into this replica's etcd client
    /// (<see cref="InjectedStoreFaults.Apply"/>: <c>unavailable 0.3 seed=42</c>; empty or missing: none); read every
    /// <see cref="WorkerHostConstants.FaultFilePollInterval"/>. Local replicas only.
    /// </summary>
    public string? FaultFile { get; set; }

    /// <summary>The endpoints as a list.</summary>
    public IList<string> EndpointList() =>
        (Endpoints ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>The NATS backend's options.</summary>
    public NatsBackendOptions ToNatsOptions(TimeProvider timeProvider) => new()
    {
        Url = string.Join(',', EndpointList()),
        CallTimeout = CallTimeout,
        PollInterval = PollInterval,
        TimeProvider = timeProvider,
    };

    /// <summary>The etcd client's options.</summary>
    public EtcdStoreOptions ToEtcdOptions(TimeProvider timeProvider, InjectedStoreFaults? faults = null) => new()
    {
        Endpoints = EndpointList(),
        CallTimeout = CallTimeout,
        TimeProvider = timeProvider,
        Faults = faults,
    };
}
