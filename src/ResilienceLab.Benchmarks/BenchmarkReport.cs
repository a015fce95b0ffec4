namespace ResilienceLab.Benchmarks;

/// <summary>Everything one `reslab bench` run measured.</summary>
public sealed record BenchmarkReport
{
    /// <summary>Where it ran.</summary>
    public required BenchmarkMachine Machine { get; init; }

    /// <summary>When it started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall time of the whole run.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>/proc/loadavg (1, 5, 15 min) when the run started: anything else running skews every figure.</summary>
    public string? LoadAverageAtStart { get; init; }

    /// <summary>/proc/loadavg when the run ended.</summary>
    public string? LoadAverageAtEnd { get; init; }

    /// <summary>Whether it was the quick (CI smoke) configuration.</summary>
    public required bool Quick { get; init; }

    /// <summary>Time per measured figure.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The suites that ran.</summary>
    public required IReadOnlyList<BenchmarkSuite> Suites { get; init; }

    /// <summary>Every figure, suite by suite.</summary>
    public required IReadOnlyList<BenchmarkFigure> Figures { get; init; }

    /// <summary>Figures with a target that was met.</summary>
    public int TargetsMet => Figures.Count(f => f.TargetMet == true);

    /// <summary>Figures with a target that was missed.</summary>
    public int TargetsMissed => Figures.Count(f => f.TargetMet == false);
}
