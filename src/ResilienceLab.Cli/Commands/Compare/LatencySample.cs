using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Cli.Commands.Compare;

/// <summary>A series of latencies with nearest-rank percentiles (a run has few samples: p99 of three is the largest).</summary>
internal sealed record LatencySample(IReadOnlyList<double> Milliseconds, int Missing = 0)
{
    public int Count => Milliseconds.Count;

    public double? P50 => Percentile(0.50);

    public double? P99 => Percentile(0.99);

    public double? Max => Count == 0 ? null : Milliseconds.Max();

    public double? Mean => Count == 0 ? null : Milliseconds.Average();

    public double? Percentile(double q) => NearestRank.Percentile([.. Milliseconds.Order()], q);

    /// <summary>A sample of durations, in milliseconds.</summary>
    public static LatencySample Of(IEnumerable<TimeSpan> durations, int missing = 0) => new([.. durations.Select(d => d.TotalMilliseconds)], missing);
}
