using ResilienceLab.Verification.Recovery;

namespace ResilienceLab.Reporting.Summary;

/// <summary>One recovery figure over every seed: the sample (seconds), its percentiles and histogram bins.</summary>
internal sealed record Distribution(string Name, string Description, IReadOnlyList<double> Seconds, int Missing)
{
    private const int MaxBins = 24;

    public double? P50 => NearestRank.Percentile(Seconds, 0.50);

    public double? P99 => NearestRank.Percentile(Seconds, 0.99);

    public double? Max => Seconds.Count == 0 ? null : Seconds[^1];

    public static Distribution Of(string name, string description, IEnumerable<TimeSpan> samples, int missing) =>
        new(name, description, [.. samples.Select(s => s.TotalSeconds).Order()], missing);

    /// <summary>Equal-width bins from the smallest to the largest value (one bin when they are equal): (lower bound, width, count).</summary>
    public IReadOnlyList<(double Low, double Width, int Count)> Bins()
    {
        if (Seconds.Count == 0)
        {
            return [];
        }

        var (low, high) = (Seconds[0], Seconds[^1]);
        var count = Math.Clamp((int)Math.Ceiling(Math.Sqrt(Seconds.Count)), 1, MaxBins);
        var width = high > low ? (high - low) / count : Math.Max(low * 0.1, 0.001);
        if (high <= low)
        {
            count = 1;
        }

        var bins = new int[count];
        foreach (var value in Seconds)
        {
            bins[Math.Min((int)((value - low) / width), count - 1)]++;
        }

        return [.. bins.Select((c, i) => (low + (i * width), width, c))];
    }
}
