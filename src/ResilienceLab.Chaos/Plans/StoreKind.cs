namespace ResilienceLab.Chaos.Plans;

/// <summary>The coordination store.</summary>
public enum StoreKind
{
    /// <summary>The in-process MVCC twin of etcd (target simulation only).</summary>
    Simulated,

    /// <summary>A real etcd: external endpoints, or 1/3/5 members the run starts itself.</summary>
    Etcd,

    /// <summary>A NATS server with JetStream key-value buckets.</summary>
    Nats,
}
