using System.Globalization;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>Turns call tallies into "round trips per cycle × latency" — the profile that bounds a cycle rate.</summary>
internal static class Breakdown
{
    /// <summary>Calls per cycle that are round trips on the caller's path (every unary call; not watch streams).</summary>
    public static double RoundTripsPerCycle(IEnumerable<CallTally> tallies, long cycles) =>
        tallies.Where(t => t.Call != "watch stream").Sum(t => t.Count) / (double)Math.Max(1, cycles);

    /// <summary>"txn 2.00×0.61 ms + range (prefix) 1.00×0.35 ms = 1.57 ms/cycle; watch streams 1.00/cycle".</summary>
    public static string Describe(IEnumerable<CallTally> tallies, long cycles)
    {
        var list = tallies.ToList();
        var perCycle = Math.Max(1, cycles);
        var unary = list.Where(t => t.Call != "watch stream" && t.Count / (double)perCycle >= 0.005).ToList();
        var parts = unary.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Call} {t.Count / (double)perCycle:0.00}×{t.Mean.TotalMilliseconds:0.00} ms"));
        var sum = TimeSpan.FromTicks(unary.Sum(t => t.Total.Ticks) / perCycle);
        var text = string.Join(" + ", parts) + string.Create(CultureInfo.InvariantCulture, $" = {sum.TotalMilliseconds:0.00} ms of calls/cycle");
        var watches = list.FirstOrDefault(t => t.Call == "watch stream");
        return watches is null ? text : text + string.Create(CultureInfo.InvariantCulture, $"; watch streams opened {watches.Count / (double)perCycle:0.00}/cycle");
    }
}
