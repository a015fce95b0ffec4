using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace ResilienceLab.Coordination;

/// <summary>Defaults of <see cref="SessionOptions"/>.</summary>
public static class SessionConstants
{
    /// <summary>etcd's concurrency package defaults to 60 s; workers use short TTLs so that take-over is quick.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(10);
}

/// <summary>Settings of a <see cref="Session"/>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class SessionOptions
{
    /// <summary>The lease TTL: how long after its holder stops renewing a lock is freed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Ttl { get; set; } = SessionConstants.DefaultTtl;

    /// <summary>How often to renew; default a third of the TTL (as etcd's client does).</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>A deliberate bug for mutation testing (never set outside it); see <see cref="RecipeBug"/>.</summary>
    internal RecipeBug Bug { get; set; }

    /// <summary>Throws <see cref="ValidationException"/> naming the first invalid setting.</summary>
    [DynamicDependency(DynamicallyAccessedMemberTypes.PublicProperties, typeof(SessionOptions))]
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "DataAnnotations reads the properties and their attributes by reflection; DynamicDependency keeps them in a trimmed or native build.")]
    public void Validate()
    {
        Validator.ValidateObject(this, new ValidationContext(this), validateAllProperties: true);
        if (KeepAliveInterval is { } interval && (interval <= TimeSpan.Zero || interval >= Ttl))
        {
            throw new ValidationException($"SessionOptions.KeepAliveInterval must be positive and shorter than the TTL ({Ttl}); it was {interval}.");
        }
    }
}
