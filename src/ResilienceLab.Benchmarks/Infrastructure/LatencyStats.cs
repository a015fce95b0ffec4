using System.Globalization;
using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>Order statistics of a latency sample (nearest-rank percentiles).</summary>
internal sealed record LatencyStats(int Count, TimeSpan Min, TimeSpan P50, TimeSpan P99, TimeSpan Max, TimeSpan Mean)
{
    public static LatencyStats Of(IReadOnlyCollection<TimeSpan> sample)
    {
        if (sample.Count == 0)
        {
            return new LatencyStats(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var sorted = sample.Order().ToArray();
        double[] ticks = [.. sorted.Select(t => (double)t.Ticks)];
        TimeSpan Percentile(double q) => TimeSpan.FromTicks((long)NearestRank.Percentile(ticks, q)!.Value);
        return new LatencyStats(
            sorted.Length,
            sorted[0],
            Percentile(0.50),
            Percentile(0.99),
            sorted[^1],
            TimeSpan.FromTicks((long)sorted.Average(t => t.Ticks)));
    }

    /// <summary>"n=20 min 1.402 p50 1.911 p99 2.473 max 2.473 s".</summary>
    public string Describe(bool seconds) =>
        seconds
            ? string.Create(CultureInfo.InvariantCulture, $"n={Count}, min {Min.TotalSeconds:0.000} / p50 {P50.TotalSeconds:0.000} / p99 {P99.TotalSeconds:0.000} / max {Max.TotalSeconds:0.000} s")
            : string.Create(CultureInfo.InvariantCulture, $"n={Count}, min {Min.TotalMilliseconds:0.00} / p50 {P50.TotalMilliseconds:0.00} / p99 {P99.TotalMilliseconds:0.00} / max {Max.TotalMilliseconds:0.00} ms");

}
