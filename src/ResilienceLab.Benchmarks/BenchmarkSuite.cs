namespace ResilienceLab.Benchmarks;

/// <summary>The suites `reslab bench` runs; <c>--only</c> takes their lower-case names.</summary>
public enum BenchmarkSuite
{
    /// <summary>Lock cycles/s against etcd's server-side lock and the raw txn rate.</summary>
    Lock,

    /// <summary>Campaign + resign cycles/s and leader-change observation latency, against etcd's server-side election.</summary>
    Election,

    /// <summary>Take-over latency after the holder is SIGKILLed or stops gracefully.</summary>
    Takeover,

    /// <summary>CAS increments/s on one key and the conflict rate.</summary>
    Cas,

    /// <summary>Virtual seconds per wall second and seeds per minute of the deterministic simulation.</summary>
    Simulation,

    /// <summary>Linearizability check time by history length.</summary>
    Checker,

    /// <summary>
    /// etcd and NATS side by side through the backend interface: take-over after expiry and CAS increments/s (the
    /// primitives `reslab compare` reports). Starts its own etcd and nats-server; not in the default set (--only stores).
    /// </summary>
    Stores,
}
