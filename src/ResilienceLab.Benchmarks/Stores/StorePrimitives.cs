using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Benchmarks.Stores;

/// <summary>Take-over after the holder stops renewing, for one store (and, on NATS, one poll interval).</summary>
/// <param name="Variant">e.g. <c>watch</c> (etcd) or <c>poll 100 ms</c> (NATS).</param>
/// <param name="AfterExpiry">How long after the holder's entry / lease expired the waiter held the lock, per round.</param>
public sealed record TakeOverSample(string Variant, IReadOnlyList<TimeSpan> AfterExpiry);

/// <summary>Compare-and-swap increments per second with <paramref name="Writers"/> concurrent writers (each its own connection).</summary>
public sealed record CasSample(int Writers, double OpsPerSecond, long Increments);

/// <summary>The primitive measurements of one store (<see cref="StoreBenchmark"/>).</summary>
public sealed record StorePrimitives(StoreKind Store, IReadOnlyList<TakeOverSample> TakeOver, IReadOnlyList<CasSample> Cas);
