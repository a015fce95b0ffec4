using System.Globalization;
using System.Text;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Summary;

/// <summary>
/// The report of a run over many seeds. <see cref="Add"/> (thread-safe, called once per seed as it finishes) keeps
/// what the summary needs and writes every failing seed's full reports to <c>seeds/seed-N/</c>, up to a cap;
/// <see cref="Write"/> writes summary.html (pass/fail strip, distributions of the recovery figures with p50/p99,
/// failing seeds linked), summary.md (fit for a CI job summary), summary.json, junit.xml (one testcase per check
/// and one per failing seed) and runs.json (every seed, for merging the shards of a seed range).
/// </summary>
public sealed class SeedSummary
{
    public const string HtmlFile = "summary.html";
    public const string MarkdownFile = "summary.md";
    public const string JsonFile = "summary.json";
    public const string SeedsDirectory = "seeds";

    /// <summary>Failing seeds whose reports are written by default; the rest are listed without one.</summary>
    public const int DefaultMaxFailingReports = 20;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly List<SeedRun> _runs = [];
    private readonly int _maxFailingReports;
    private int _reportsWritten;

    public SeedSummary(string name, string directory, int maxFailingReports = DefaultMaxFailingReports, string command = "simulate")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        Command = command;
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(maxFailingReports);
        Name = name;
        Directory = directory;
        _maxFailingReports = maxFailingReports;
    }

    /// <summary>The plan (or run) name shown on top.</summary>
    public string Name { get; }

    /// <summary>The reslab command the summary is of ("simulate", "compare"), named in its title.</summary>
    public string Command { get; }

    /// <summary>Where the summary and the failing seeds' reports go.</summary>
    public string Directory { get; }

    /// <summary>Every seed added so far, in seed order.</summary>
    public IReadOnlyList<SeedRun> Runs
    {
        get
        {
            lock (_runs)
            {
                return [.. _runs.OrderBy(r => r.Seed)];
            }
        }
    }

    /// <summary>Records one seed's verdict; writes its full reports when it did not pass and the cap allows.</summary>
    public SeedRun Add(long seed, Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        string? reportDirectory = null;
        if (!verdict.Passed && Interlocked.Increment(ref _reportsWritten) <= _maxFailingReports)
        {
            reportDirectory = Path.Combine(SeedsDirectory, "seed-" + seed.ToString(CultureInfo.InvariantCulture));
            ReportWriter.WriteAll(Path.Combine(Directory, reportDirectory), verdict);
        }

        var run = SeedRun.Of(seed, verdict, reportDirectory);
        Include(run);
        return run;
    }

    /// <summary>Adds a seed already run elsewhere (a shard's <see cref="SeedRunsDocument"/>); its report directory, if any, must be in place.</summary>
    public void Include(SeedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_runs)
        {
            _runs.Add(run);
        }
    }

    /// <summary>
    /// Writes the summary files. <paramref name="properties"/> (seeds asked for, wall time, replay command…) are shown
    /// under the title; <paramref name="replay"/> turns a seed into the command that replays it.
    /// </summary>
    public SummaryFiles Write(IReadOnlyDictionary<string, string>? properties = null, Func<long, string>? replay = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var data = new SummaryData(Name, Command, Runs, properties ?? new Dictionary<string, string>(), replay);
        var files = new SummaryFiles(
            Path.Combine(Directory, HtmlFile),
            Path.Combine(Directory, MarkdownFile),
            Path.Combine(Directory, JsonFile),
            Path.Combine(Directory, ReportWriter.JUnitFile),
            Path.Combine(Directory, SeedRunsDocument.FileName));
        File.WriteAllText(files.Html, SummaryHtml.Render(data), Utf8);
        File.WriteAllText(files.Markdown, SummaryMarkdown.Render(data), Utf8);
        File.WriteAllText(files.Json, SummaryJson.Render(data), Utf8);
        File.WriteAllText(files.JUnit, SummaryJUnit.Render(data), Utf8);
        new SeedRunsDocument { Name = Name, Properties = data.Properties, Runs = data.Runs }.Write(files.Runs);
        return files;
    }
}
