namespace ResilienceLab.Chaos.Plans;

/// <summary>A simulated replica's clock error (target simulation only).</summary>
/// <param name="Replica">The replica's index, 0 to replicas - 1.</param>
/// <param name="Skew">Constant offset from true time (may be negative).</param>
/// <param name="Drift">Rate error: the replica's clock advances (1 + drift) seconds per true second, so -0.1 runs 10% slow.</param>
public sealed record ReplicaClockSpec(int Replica, TimeSpan Skew, double Drift);
