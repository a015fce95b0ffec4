namespace ResilienceLab.Verification.Recovery;

/// <summary>Nearest-rank percentiles: the smallest value with at least q of the sample at or below it (p99 of 20 is the maximum).</summary>
public static class NearestRank
{
    /// <summary>The q-th percentile (0 &lt; q ≤ 1) of an ascending <paramref name="sorted"/> sample, or null when it is empty.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
