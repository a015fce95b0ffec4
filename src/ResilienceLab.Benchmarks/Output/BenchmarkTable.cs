using System.Globalization;
using Spectre.Console;

namespace ResilienceLab.Benchmarks.Output;

/// <summary>
/// The report as a table: a Spectre.Console table on a terminal, aligned plain text otherwise (redirected, CI),
/// one row per figure with its peer, ratio and target, then the notes that explain each figure.
/// </summary>
public static class BenchmarkTable
{
    private static readonly string[] Headers = ["suite", "figure", "value", "peer", "peer value", "ratio", "target", "met"];

    /// <summary>Writes the table to <paramref name="output"/>; with <paramref name="fancy"/>, to the ANSI console instead.</summary>
    public static void Write(BenchmarkReport report, TextWriter output, bool fancy)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var rows = report.Figures.Select(Row).ToList();
        var m = report.Machine;
        var header = $"{m.Cpu}, {m.Cores} cores; {m.Os}; {m.Runtime} ({m.Gc} GC); {m.Etcd}";
        var load = report.LoadAverageAtStart is null ? "" : $"; load average {report.LoadAverageAtStart} at start, {report.LoadAverageAtEnd} at end";
        var summary = $"{report.Figures.Count} figures in {report.Elapsed.TotalSeconds:0} s ({(report.Quick ? "quick" : "full")} run, {report.Duration.TotalSeconds:0.###} s per measurement{load}): {report.TargetsMet} targets met, {report.TargetsMissed} missed";
        if (fancy)
        {
            var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(header));
            foreach (var h in Headers)
            {
                table.AddColumn(h);
            }

            foreach (var (row, figure) in rows.Zip(report.Figures))
            {
                var cells = row.Select(Markup.Escape).ToArray();
                cells[^1] = figure.TargetMet switch { true => "[green]yes[/]", false => "[red]NO[/]", _ => "" };
                table.AddRow(cells);
            }

            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(Markup.Escape(summary));
        }
        else
        {
            output.WriteLine(header);
            WritePlain(rows, output);
            output.WriteLine(summary);
        }

        output.WriteLine("notes:");
        foreach (var figure in report.Figures.Where(f => f.Note is not null))
        {
            output.WriteLine($"  {figure.Name}{(figure.Peer is null ? "" : $" vs {figure.Peer}")}: {figure.Note}");
        }
    }

    private static string[] Row(BenchmarkFigure f) =>
    [
        f.Suite.ToString().ToLowerInvariant(),
        f.Name,
        $"{Number(f.Value)} {f.Unit}",
        f.Peer ?? "",
        f.PeerValue is { } peer ? Number(peer) : "",
        f.Ratio is { } ratio ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "",
        f.Target ?? "",
        f.TargetMet switch { true => "yes", false => "NO", _ => "" },
    ];

    /// <summary>Three significant digits or so, without exponent: 0.412, 3.14, 952, 12,345.</summary>
    internal static string Number(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
        : Math.Abs(value) >= 1 ? value.ToString("0.00", CultureInfo.InvariantCulture)
        : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static void WritePlain(List<string[]> rows, TextWriter output)
    {
        var widths = Headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        void Line(IReadOnlyList<string> cells) => output.WriteLine(string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        Line(Headers);
        Line(widths.Select(w => new string('-', w)).ToArray());
        rows.ForEach(Line);
    }
}
