using System.Globalization;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>
/// When each acquisition of a contended lock happened, slice by slice, to see how the time between hand-overs is
/// spread: a steady stream of short gaps (round trips) or bursts separated by long stalls (a watch that etcd
/// reports late). Thread-safe.
/// </summary>
internal sealed class HandOverRecorder(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<List<long>> _slices = [];

    /// <summary>Starts a new slice (a gap across two slices is not a hand-over).</summary>
    public void NewSlice()
    {
        lock (_gate)
        {
            _slices.Add([]);
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _slices.Clear();
        }
    }

    public void Acquired()
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_slices.Count > 0)
            {
                _slices[^1].Add(now);
            }
        }
    }

    /// <summary>The gaps between consecutive acquisitions, within slices.</summary>
    public IReadOnlyList<TimeSpan> Gaps()
    {
        lock (_gate)
        {
            return [.. _slices.SelectMany(s => s.Order().Zip(s.Order().Skip(1), (a, b) => time.GetElapsedTime(a, b)))];
        }
    }

    /// <summary>"gaps p50 1.52 / p90 … ms; gaps over 10 ms: 41 of 375, 62% of the time".</summary>
    public static string Describe(IReadOnlyList<TimeSpan> gaps, TimeSpan threshold)
    {
        var stats = LatencyStats.Of(gaps);
        var total = gaps.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        var longGaps = gaps.Where(g => g > threshold).ToList();
        var share = total > TimeSpan.Zero ? 100 * longGaps.Aggregate(TimeSpan.Zero, (a, b) => a + b) / total : 0;
        return string.Create(CultureInfo.InvariantCulture, $"hand-over gaps {stats.Describe(seconds: false)}; gaps over {threshold.TotalMilliseconds:0} ms: {longGaps.Count} of {gaps.Count}, {share:0}% of the time");
    }

    /// <summary>The share of the time spent in gaps longer than <paramref name="threshold"/>, in percent.</summary>
    public static double LongGapShare(IReadOnlyList<TimeSpan> gaps, TimeSpan threshold)
    {
        var total = gaps.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        return total > TimeSpan.Zero ? 100 * gaps.Where(g => g > threshold).Aggregate(TimeSpan.Zero, (a, b) => a + b) / total : 0;
    }
}
