namespace ResilienceLab.Chaos.Plans;

/// <summary>The <c>store</c> section: the coordination store the replicas share.</summary>
public sealed record StoreSpec
{
    /// <summary>simulated, etcd or nats.</summary>
    public required StoreKind Kind { get; init; }

    /// <summary>Endpoints of an external store (etcd: http(s)://host:port; nats: nats://host:port); empty when <see cref="Start"/> is set.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary>Set when the run owns the store's members: always for simulated, for etcd/nats when the plan says <c>start</c>.</summary>
    public StoreStartSpec? Start { get; init; }

    /// <summary>Deadline of every store call made by the workers.</summary>
    public TimeSpan CallTimeout { get; init; } = ChaosPlanConstants.DefaultCallTimeout;

    /// <summary>etcd credentials (<c>username</c>, <c>passwordFrom</c>), or null for an etcd without authentication.</summary>
    public StoreCredentialsSpec? Credentials { get; init; }

    /// <summary>Client TLS for <c>https://</c> endpoints, or null.</summary>
    public StoreTlsSpec? Tls { get; init; }
}
