using System.Globalization;

namespace ResilienceLab.Benchmarks.Output;

/// <summary>One figure of this run against the same figure of a baseline run.</summary>
/// <param name="Figure">This run's figure.</param>
/// <param name="Baseline">The baseline's measure of it: the ratio to its peer when both runs have one, else the value.</param>
/// <param name="Current">This run's measure, the same way.</param>
/// <param name="Change">(current − baseline) / baseline, signed so that a positive change is better.</param>
/// <param name="Regressed">Worse by more than the allowed regression.</param>
public sealed record FigureComparison(BenchmarkFigure Figure, double Baseline, double Current, double Change, bool Regressed)
{
    /// <summary>Whether the ratio to the peer was compared (rather than the raw value).</summary>
    public bool ByRatio { get; init; }
}

/// <summary>
/// Compares a run with a baseline run (<c>reslab bench --baseline FILE</c>), figure by figure. A figure with a peer is
/// compared by its ratio to that peer, measured in the same run on the same machine, so a faster or slower machine
/// moves both and the comparison holds across machines; a figure without one by its value. Whether higher is better
/// follows the unit: rates (<c>/s</c>, <c>/min</c>, <c>× real time</c>) up, latencies, shares and calls per cycle down.
/// </summary>
public static class BenchmarkComparison
{
    /// <summary>Every figure found in both runs (matched by suite, name and peer), in this run's order.</summary>
    public static IReadOnlyList<FigureComparison> Compare(BenchmarkReport current, BenchmarkReport baseline, double maxRegression)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRegression);
        var before = baseline.Figures.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        var rows = new List<FigureComparison>();
        foreach (var figure in current.Figures)
        {
            if (!before.TryGetValue(Key(figure), out var old))
            {
                continue;
            }

            var byRatio = figure.Ratio is not null && old.Ratio is not null;
            var (was, now) = byRatio ? (old.Ratio!.Value, figure.Ratio!.Value) : (old.Value, figure.Value);
            if (was <= 0 || !double.IsFinite(was) || !double.IsFinite(now))
            {
                continue;
            }

            var change = now == was ? 0 : (now - was) / was * (HigherIsBetter(figure.Unit) ? 1 : -1);
            rows.Add(new FigureComparison(figure, was, now, change, change < -maxRegression) { ByRatio = byRatio });
        }

        return rows;
    }

    /// <summary>Rates are better higher; latencies, shares (%) and calls per cycle lower.</summary>
    public static bool HigherIsBetter(string unit) =>
        unit.EndsWith("/s", StringComparison.Ordinal) || unit.EndsWith("/min", StringComparison.Ordinal) || unit.Contains("real time", StringComparison.Ordinal);

    /// <summary>The comparison as lines: the regressions, then the summary.</summary>
    public static void Write(IReadOnlyList<FigureComparison> rows, int baselineFigures, double maxRegression, TextWriter output)
    {
        var regressed = rows.Where(r => r.Regressed).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"against the baseline: {rows.Count} figure(s) compared ({baselineFigures} in the baseline), {regressed.Count} worse by more than {maxRegression:P0}"));
        foreach (var row in regressed.Concat(rows.Where(r => !r.Regressed).OrderByDescending(r => Math.Abs(r.Change)).Take(5)))
        {
            var what = row.ByRatio ? $"ratio to {row.Figure.Peer}" : row.Figure.Unit;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {(row.Regressed ? "REGRESSED" : "changed  ")} {row.Change,8:+0.0%;-0.0%;0.0%}  {row.Figure.Suite.ToString().ToLowerInvariant()}: {row.Figure.Name} ({what}: {row.Baseline:0.###} → {row.Current:0.###})"));
        }
    }

    private static (BenchmarkSuite, string, string?) Key(BenchmarkFigure f) => (f.Suite, f.Name, f.Peer);
}
