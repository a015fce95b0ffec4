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
    /// A file the chaos controller writes to inject faults into this replica (<see cref="ResilienceLab.Hosting.FaultFile"/>): into its etcd
    /// client (<see cref="InjectedStoreFaults.Apply"/>: <c>unavailable 0.3 seed=42</c>) and its clock
    /// (<c>clock skew=00:00:02 drift=-0.5</c>); empty or missing: none. Read every
    /// <see cref="WorkerHostConstants.FaultFilePollInterval"/>. Local replicas, and pods with the fault agent.
    /// </summary>
    public string? FaultFile { get; set; }

    /// <summary>etcd only: the user to authenticate as (etcd with auth enabled), with <see cref="PasswordFile"/> or <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>etcd only: the password, e.g. <c>RESLAB_Store__Password</c> from a Secret's <c>secretKeyRef</c>. Never logged.</summary>
    public string? Password { get; set; }

    /// <summary>etcd only: a file holding the password (a mounted Secret; the local target writes one with mode 0600).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>etcd only: client TLS for https endpoints (<c>Store:Tls:CaFile</c>, <c>ClientCertificateFile</c>, <c>ClientKeyFile</c>, <c>ServerName</c>).</summary>
    public EtcdTlsOptions Tls { get; set; } = new();

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
        Username = Username,
        Password = Password,
        PasswordFile = PasswordFile,
        Tls = Tls,
    };
}
