using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>Options of <see cref="LinearizabilityCheck"/>.</summary>
public sealed class LinearizabilityOptions
{
    /// <summary>Widens every operation's interval by this on both sides (processes' clocks may disagree).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Steps each search (WGL, then the frontier search) may take per key before the check gives up as
    /// inconclusive; null = automatic: WGL 1,000,000 + 200 per operation (a valid history needs about 30),
    /// the frontier search (only run when WGL found no linearization) 10,000,000 + 1,000 per operation.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long? MaxSearchSteps { get; set; }

    /// <summary>A register's value before the run (null = the key is absent), unless a read before any write says otherwise.</summary>
    public string? RegisterInitialValue { get; set; }

    /// <summary>A counter's value before the run, unless a read before any increment says otherwise.</summary>
    public long CounterInitialValue { get; set; }
}
