namespace ResilienceLab.Benchmarks;

/// <summary>
/// One measured figure and, when it has one, the peer it is compared with — measured in the same run, on the
/// same etcd and the same session shape — and the ratio <see cref="Value"/> / <see cref="PeerValue"/>.
/// </summary>
public sealed record BenchmarkFigure
{
    /// <summary>The suite that measured it.</summary>
    public required BenchmarkSuite Suite { get; init; }

    /// <summary>What was measured, e.g. "lock cycles/s, 8 contenders on 1 lock".</summary>
    public required string Name { get; init; }

    /// <summary>The measured value.</summary>
    public required double Value { get; init; }

    /// <summary>Its unit: "cycles/s", "ms", "s", "%", "× real time", "seeds/min", ….</summary>
    public required string Unit { get; init; }

    /// <summary>What it is compared with, e.g. "etcd server-side lock (v3lock)"; null when it has no peer.</summary>
    public string? Peer { get; init; }

    /// <summary>The peer's value, in the same unit.</summary>
    public double? PeerValue { get; init; }

    /// <summary><see cref="Value"/> / <see cref="PeerValue"/>.</summary>
    public double? Ratio => PeerValue is > 0 and { } peer ? Value / peer : null;

    /// <summary>The target, in words (e.g. "≥ 0.9× peer"); null when the issue sets none.</summary>
    public string? Target { get; init; }

    /// <summary>Whether the target was met; null without a target.</summary>
    public bool? TargetMet { get; init; }

    /// <summary>Details: sample counts, percentiles, the round-trip breakdown that bounds it.</summary>
    public string? Note { get; init; }
}
