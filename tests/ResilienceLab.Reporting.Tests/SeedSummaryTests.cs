using System.Text.Json;
using System.Xml.Linq;
using ResilienceLab.Reporting.Summary;
using ResilienceLab.Reporting.Tests.TestSupport;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Tests;

public sealed class SeedSummaryTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-summary-");

    public void Dispose() => _directory.Delete(recursive: true);

    private SeedSummary CreateSut(int maxFailingReports = SeedSummary.DefaultMaxFailingReports)
    {
        var summary = new SeedSummary("sample", _directory.FullName, maxFailingReports);
        summary.Add(3, SampleVerdicts.Passing());
        summary.Add(1, SampleVerdicts.Failing());
        summary.Add(2, SampleVerdicts.Failing());
        return summary;
    }

    [Fact]
    public void Write_FailingSeeds_JUnitHasOneCasePerCheckAndOnePerFailingSeed()
    {
        var files = CreateSut().Write(replay: seed => $"reslab simulate plan.yaml --seeds 1 --from {seed}");

        var cases = XDocument.Load(files.JUnit).Descendants("testcase").ToList();
        var checks = SampleVerdicts.Passing().Results.Select(r => r.Name).ToList();
        Assert.Equal([.. checks, "seed 1", "seed 2"], cases.Select(c => (string)c.Attribute("name")!));
        var mutex = cases.Single(c => (string)c.Attribute("name")! == "mutual-exclusion").Element("failure")!;
        Assert.Equal("mutual-exclusion failed on 2 of 3 seeds", (string)mutex.Attribute("message")!);
        Assert.Null(cases.Single(c => (string)c.Attribute("name")! == "leader-safety").Element("failure"));
        Assert.Contains("replay: reslab simulate plan.yaml --seeds 1 --from 2", cases.Single(c => (string)c.Attribute("name")! == "seed 2").Element("failure")!.Value);
    }

    [Fact]
    public void Add_MoreFailingSeedsThanTheCap_WritesReportsUpToTheCapAndLinksThem()
    {
        var summary = CreateSut(maxFailingReports: 1);

        var files = summary.Write();

        var reported = summary.Runs.Where(r => r.ReportDirectory is not null).ToList();
        var run = Assert.Single(reported);
        Assert.True(File.Exists(Path.Combine(_directory.FullName, run.ReportDirectory!, ReportWriter.HtmlFile)));
        Assert.Equal(2, summary.Runs.Count(r => r.Status == CheckStatus.Failed));
        var html = File.ReadAllText(files.Html);
        Assert.Contains($"<a href=\"seeds/seed-{run.Seed}/report.html\"><rect class=\"seed failed\"", html);
        Assert.Contains("1 failing seed(s) have no report of their own", html);
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(html, "<rect class=\"seed "));
    }

    [Fact]
    public void Write_FailingSeeds_MarkdownPutsCountsAndTheFirstFailureOnTop()
    {
        var markdown = File.ReadAllText(CreateSut().Write().Markdown);

        var lines = markdown.Split('\n');
        Assert.Equal("# reslab simulate: sample — ❌ FAILED", lines[0]);
        Assert.Equal("**3 seeds: 1 passed, 2 failed or inconclusive.**", lines[2]);
        Assert.StartsWith("> **First failing seed 1:** mutual-exclusion/", lines[4]);
        Assert.True(markdown.IndexOf("> **First failing seed", StringComparison.Ordinal) < markdown.IndexOf("| recovery |", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_Seeds_JsonCarriesEverySeedAndTheDistributions()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(CreateSut().Write().Json));

        var root = json.RootElement;
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal([1L, 2L, 3L], root.GetProperty("statuses").EnumerateArray().Select(s => s.GetProperty("seed").GetInt64()));
        Assert.Equal(["lock take-over", "leader failover", "task resumption"], root.GetProperty("recovery").EnumerateArray().Select(r => r.GetProperty("name").GetString()));
    }

    [Fact]
    public void Write_Seeds_HtmlIsSelfContainedAndReadableWithoutScript()
    {
        var html = File.ReadAllText(CreateSut().Write().Html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["http://www.w3.org/2000/svg"], System.Text.RegularExpressions.Regex.Matches(html, "https?://[^\"\\s<]+").Select(m => m.Value).Distinct());
        Assert.Contains("@media print", html);
    }

    [Fact]
    public void Write_LabelledRunsOfACompare_NameTheStoresAndLinkTheirReports()
    {
        // reslab compare: one run per store, all on one seed, each store's reports already in <dir>/<store>/.
        var summary = new SeedSummary("sample", _directory.FullName, command: "compare");
        summary.Include(SeedRun.Of(7, SampleVerdicts.Passing(), reportDirectory: "etcd", label: "etcd"));
        summary.Include(SeedRun.Of(7, SampleVerdicts.Failing(), reportDirectory: "nats", label: "nats"));

        var files = summary.Write();

        var cases = XDocument.Load(files.JUnit).Descendants("testcase").ToList();
        var checks = SampleVerdicts.Passing().Results.Select(r => r.Name).ToList();
        Assert.Equal([.. checks, "nats"], cases.Select(c => (string)c.Attribute("name")!));
        Assert.Equal("reslab.run", (string)cases[^1].Attribute("classname")!);
        Assert.Equal("mutual-exclusion failed on 1 of 2 runs", (string)cases.Single(c => (string)c.Attribute("name")! == "mutual-exclusion").Element("failure")!.Attribute("message")!);
        var html = File.ReadAllText(files.Html);
        Assert.Contains("<h1>reslab compare: sample", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"nats/report.html\"><rect class=\"seed failed\"", html, StringComparison.Ordinal);
        Assert.Contains("<b>First failing nats:</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("seed 7", html, StringComparison.Ordinal);
        Assert.StartsWith("# reslab compare: sample", File.ReadAllText(files.Markdown), StringComparison.Ordinal);
    }
}
