using System.Globalization;
using System.Text;
using ResilienceLab.Verification;
using static ResilienceLab.Reporting.Html.HtmlStyle;

namespace ResilienceLab.Reporting.Summary;

/// <summary>The summary's inline SVG: the pass/fail strip (one cell per seed, failing ones linked to their report) and histograms with a CDF and p50/p99.</summary>
internal static class SummaryCharts
{
    private const int CellsPerRow = 100;
    private const double Cell = 10;
    private const double Gap = 2;
    private const double StripLeft = 70;
    private const double ChartWidth = 430;
    private const double ChartHeight = 230;
    private const double PlotLeft = 46;
    private const double PlotRight = 40;
    private const double PlotTop = 22;
    private const double PlotBottom = 42;

    public static string Strip(IReadOnlyList<SeedRun> runs)
    {
        var rows = Math.Max(1, (runs.Count + CellsPerRow - 1) / CellsPerRow);
        var width = StripLeft + (CellsPerRow * (Cell + Gap)) + 4;
        var height = (rows * (Cell + Gap + 4)) + 4;
        var svg = new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart strip\" width=\"{width:0.#}\" height=\"{height:0.#}\" viewBox=\"0 0 {width:0.#} {height:0.#}\" role=\"img\" aria-label=\"{runs.Count} seeds, {runs.Count(r => r.Status == CheckStatus.Passed)} passed\">\n"));
        for (var i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var (row, column) = (i / CellsPerRow, i % CellsPerRow);
            var y = 2 + (row * (Cell + Gap + 4));
            if (column == 0)
            {
                svg.Append(Invariant($"<text class=\"axis\" x=\"{StripLeft - 6}\" y=\"{y + Cell - 1:0.#}\" text-anchor=\"end\">{E(run.Title)}</text>\n"));
            }

            var title = E($"{run.Title}: {Word(run.Status)}" + (run.Status == CheckStatus.Passed ? string.Empty : $" ({string.Join(", ", run.NotPassed)})") + (run.FirstViolation is { } v ? "\n" + v : string.Empty));
            var cell = Invariant($"<rect class=\"seed {Class(run.Status)}\" x=\"{StripLeft + (column * (Cell + Gap)):0.#}\" y=\"{y:0.#}\" width=\"{Cell}\" height=\"{Cell}\" rx=\"1.5\"><title>{title}</title></rect>");
            svg.Append(run.ReportDirectory is { } dir ? Invariant($"<a href=\"{E(Href(dir))}\">{cell}</a>\n") : cell + "\n");
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Histogram(Distribution distribution)
    {
        var svg = new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart histogram\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" role=\"img\" aria-label=\"{E(distribution.Name)}: {distribution.Seconds.Count} samples\">\n"));
        svg.Append(Invariant($"<rect x=\"0\" y=\"0\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" fill=\"#ffffff\" stroke=\"#e5e7eb\"/>"));
        svg.Append(Invariant($"<text class=\"label\" x=\"8\" y=\"15\">{E(distribution.Name)}: n={distribution.Seconds.Count}{(distribution.P50 is { } p50 ? $", p50 {Seconds(p50)} s, p99 {Seconds(distribution.P99!.Value)} s" : string.Empty)}{(distribution.Missing > 0 ? $", {distribution.Missing} never" : string.Empty)}</text>\n"));
        var bins = distribution.Bins();
        var (plotWidth, plotHeight) = (ChartWidth - PlotLeft - PlotRight, ChartHeight - PlotTop - PlotBottom);
        var bottom = PlotTop + plotHeight;
        if (bins.Count == 0)
        {
            svg.Append(Invariant($"<text class=\"axis\" x=\"{ChartWidth / 2}\" y=\"{ChartHeight / 2}\" text-anchor=\"middle\">no samples in these seeds (no such fault hit a holder)</text>\n"));
            return svg.Append("</svg>").ToString();
        }

        var (low, high) = (bins[0].Low, bins[^1].Low + bins[^1].Width);
        var maxCount = bins.Max(b => b.Count);
        double X(double seconds) => PlotLeft + ((seconds - low) / (high - low) * plotWidth);
        double Y(double count) => bottom - (count / maxCount * plotHeight);
        svg.Append(Invariant($"<line class=\"tick\" x1=\"{PlotLeft}\" y1=\"{bottom}\" x2=\"{PlotLeft + plotWidth}\" y2=\"{bottom}\"/>"));
        svg.Append(Invariant($"<text class=\"axis\" x=\"{PlotLeft - 4}\" y=\"{PlotTop + 8}\" text-anchor=\"end\">{maxCount}</text><text class=\"axis\" x=\"{PlotLeft - 4}\" y=\"{bottom}\" text-anchor=\"end\">0</text>\n"));
        foreach (var (binLow, width, count) in bins)
        {
            var x = X(binLow);
            svg.Append(Invariant($"<rect class=\"bin\" x=\"{x + 0.5:0.##}\" y=\"{Y(count):0.##}\" width=\"{Math.Max((width / (high - low) * plotWidth) - 1, 1):0.##}\" height=\"{bottom - Y(count):0.##}\"><title>{Seconds(binLow)}–{Seconds(binLow + width)} s: {count}</title></rect>\n"));
        }

        for (var i = 0; i <= 4; i++)
        {
            var value = low + ((high - low) * i / 4);
            svg.Append(Invariant($"<text class=\"axis\" x=\"{X(value):0.#}\" y=\"{bottom + 14}\" text-anchor=\"middle\">{Seconds(value)}</text>"));
        }

        // The CDF on the same x axis (0 to 100 % on the right), so the percentiles can be read off it.
        var cdf = new StringBuilder();
        var sample = distribution.Seconds;
        for (var i = 0; i < sample.Count; i++)
        {
            cdf.Append(Invariant($"{(i == 0 ? "M" : " L")}{X(sample[i]):0.##},{bottom - ((i + 1.0) / sample.Count * plotHeight):0.##}"));
        }

        svg.Append(Invariant($"<path class=\"cdf\" d=\"{cdf}\" fill=\"none\" stroke=\"#111827\" stroke-width=\"1.2\"><title>CDF of {sample.Count} samples</title></path>"));
        svg.Append(Invariant($"<text class=\"axis\" x=\"{PlotLeft + plotWidth + 4}\" y=\"{PlotTop + 8}\">100%</text>"));
        svg.Append(Invariant($"<text class=\"axis\" x=\"{PlotLeft + (plotWidth / 2)}\" y=\"{bottom + 30}\" text-anchor=\"middle\">seconds</text>\n"));
        foreach (var (name, value) in new[] { ("p50", distribution.P50), ("p99", distribution.P99) })
        {
            if (value is { } v)
            {
                var x = X(v);
                svg.Append(Invariant($"<line class=\"pct\" x1=\"{x:0.#}\" y1=\"{PlotTop}\" x2=\"{x:0.#}\" y2=\"{bottom}\"/>"));
                // p50 reads to the right of its line, p99 to the left of its own, so equal values do not overlap.
                var (labelX, anchor) = name == "p99" ? (x - 3, "end") : (x + 3, "start");
                svg.Append(Invariant($"<text class=\"pct-label\" x=\"{labelX:0.#}\" y=\"{PlotTop + 10:0.#}\" text-anchor=\"{anchor}\">{name}<title>{name} {Seconds(v)} s</title></text>\n"));
            }
        }

        return svg.Append("</svg>").ToString();
    }

    public static string Href(string directory) => directory.Replace('\\', '/') + "/" + ReportWriter.HtmlFile;

    public static string Seconds(double value) => value.ToString(value >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
