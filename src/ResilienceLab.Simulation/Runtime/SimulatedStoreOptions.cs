using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace ResilienceLab.Simulation;

/// <summary>Server-side settings of the in-memory etcd twin.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class SimulatedStoreOptions
{
    /// <summary>Leases shorter than this are rounded up (etcd: ceil(1.5 × election timeout); 1 s with the fast test flags, 2 s at defaults).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MinimumLeaseTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the lessor looks for expired leases (etcd: 500 ms).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan LeaseCheckInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Seed of lease ids (etcd's are random; ours are deterministic).</summary>
    public long Seed { get; set; } = 1;

    /// <summary>Throws <see cref="ValidationException"/> naming the first invalid setting.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(SimulatedStoreOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "DataAnnotations reads the properties and their attributes by reflection; DynamicDependency keeps them in a trimmed or native build.")]
    public void Validate() => Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
}
