using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace ResilienceLab.Simulation;

/// <summary>Client-side settings of one simulated store client: network latency and the call deadline.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class SimulatedClientOptions
{
    /// <summary>Round-trip latency of a request; the request applies half-way, the reply arrives after the rest.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>Uniform jitter added to (or taken from) <see cref="Latency"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan LatencyJitter { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Deadline of one call: a partitioned client's call fails after it (as the etcd adapter's Polly timeout does).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Probability that a request sent into a partition (or caught on the wire when the cut begins) is held and delivered
    /// when the partition heals — as the fault proxy holds a cut connection's bytes, and as a frozen etcd member reads its
    /// socket when it thaws — rather than lost. A held request applies late, after whatever happened meanwhile (a lock
    /// taken over): the stale write fencing exists to reject. The same probability decides whether a request a paused
    /// replica sent just before the pause was still in its send buffer, to leave only when it resumes. Seeded, like every fault.
    /// </summary>
    [Range(0.0, 1.0)]
    public double HeldRequestProbability { get; set; } = 0.5;

    /// <summary>Throws <see cref="ValidationException"/> naming the first invalid setting.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(SimulatedClientOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "DataAnnotations reads the properties and their attributes by reflection; DynamicDependency keeps them in a trimmed or native build.")]
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
