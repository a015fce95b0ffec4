using ResilienceLab.Verification;

namespace ResilienceLab.Testing;

/// <summary>One seed of a <see cref="ServiceSimulation"/>: its verdict and what it cost.</summary>
public sealed class SeedResult
{
    public required long Seed { get; init; }

    /// <summary>Every check's result on the seed's history.</summary>
    public required Verdict Verdict { get; init; }

    /// <summary>Virtual time the run covered.</summary>
    public required TimeSpan VirtualTime { get; init; }

    /// <summary>Real time it took.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The stack of the first continuation that left the simulation's loop (thread pool, a timer on the wall clock), or null.</summary>
    public string? FirstEscape { get; init; }

    /// <summary>No check failed and nothing left the loop (a run that escaped determinism may not replay from its seed).</summary>
    public bool Passed => Verdict.Results.All(r => r.Status != CheckStatus.Failed) && FirstEscape is null;

    /// <summary>The first failed check, or null.</summary>
    public CheckResult? FirstFailedCheck => Verdict.Results.FirstOrDefault(r => r.Status == CheckStatus.Failed);
}
