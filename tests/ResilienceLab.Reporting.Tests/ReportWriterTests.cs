using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ResilienceLab.History;
using ResilienceLab.Reporting.Tests.TestSupport;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Tests;

public sealed class ReportWriterTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-report-");

    public void Dispose() => _directory.Delete(recursive: true);

    private ReportFiles Write(Verdict verdict) => ReportWriter.WriteAll(Path.Combine(_directory.FullName, "out"), verdict);

    [Fact]
    public void WriteAll_AnyVerdict_WritesTheFiveFiles()
    {
        var files = Write(SampleVerdicts.Passing());

        Assert.Equal(ReportFiles.Names, files.All.Select(Path.GetFileName));
        Assert.All(files.All, f => Assert.True(new FileInfo(f).Length > 0, f));
    }

    [Fact]
    public void WriteAll_FailingVerdict_JUnitHasOneTestcasePerCheckAndTheCounterexample()
    {
        var verdict = SampleVerdicts.Failing();

        var junit = XDocument.Load(Write(verdict).JUnit);

        var testcases = junit.Descendants("testcase").ToList();
        Assert.Equal(verdict.Results.Select(r => r.Name), testcases.Select(t => (string)t.Attribute("name")!));
        var failures = junit.Descendants("failure").ToList();
        Assert.Equal(verdict.Results.Count(r => r.Status == CheckStatus.Failed), failures.Count);
        Assert.Equal(failures.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)junit.Root!.Attribute("failures")!);
        var mutex = testcases.Single(t => (string)t.Attribute("name")! == "mutual-exclusion").Element("failure")!;
        Assert.Contains("worker-1's fenced write with token 10", mutex.Value);
        Assert.Contains("write-after-newer-holder", (string)mutex.Attribute("type")!);
    }

    [Fact]
    public void WriteAll_PassingVerdict_JUnitHasNoFailures()
    {
        var junit = XDocument.Load(Write(SampleVerdicts.Passing()).JUnit);

        Assert.Empty(junit.Descendants("failure"));
        Assert.Equal(Verifier.CreateChecks().Count, junit.Descendants("testcase").Count());
        Assert.Equal("0", (string)junit.Root!.Attribute("failures")!);
    }

    [Fact]
    public void WriteAll_Verdict_JsonCarriesStatusChecksAndViolations()
    {
        var verdict = SampleVerdicts.Failing();

        using var json = JsonDocument.Parse(File.ReadAllText(Write(verdict).Json));

        var root = json.RootElement;
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal(Verifier.CreateChecks().Count, root.GetProperty("checks").GetArrayLength());
        var mutex = root.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "mutual-exclusion");
        var violation = mutex.GetProperty("violations")[0];
        Assert.Contains("worker-1", violation.GetProperty("processes").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(mutex.GetProperty("violations").EnumerateArray().Count(), verdict.Results.Single(r => r.Name == "mutual-exclusion").Violations.Count);
        Assert.Contains(violation.GetProperty("operations").EnumerateArray(), o => o.GetProperty("process").GetString() == "worker-1" && o.GetProperty("token").GetInt64() == 10);
        Assert.Equal(verdict.History.Count, root.GetProperty("history").GetProperty("entries").GetInt32());
    }

    [Fact]
    public void WriteAll_FailingVerdict_MarkdownHasTheTableAndCounterexample()
    {
        var markdown = File.ReadAllText(Write(SampleVerdicts.Failing()).Markdown);

        Assert.StartsWith("# reslab check: sample-failing — ❌ FAILED", markdown);
        var firstViolation = markdown.IndexOf("> **First violation (", StringComparison.Ordinal);
        Assert.InRange(firstViolation, 0, markdown.IndexOf("| check | status |", StringComparison.Ordinal));
        Assert.Contains("checks failed", markdown.Split('\n')[2]);
        Assert.Contains("| mutual-exclusion | ❌ FAILED |", markdown);
        Assert.Contains("```text\n", markdown);
        Assert.Contains("token 10", markdown);
    }

    [Fact]
    public void WriteAll_Verdict_OverviewHasEachHoldAndTermOnItsProcessAndItsKeyLane()
    {
        var verdict = SampleVerdicts.Failing();

        var overview = Overview(File.ReadAllText(Write(verdict).Html));

        var acquisitions = verdict.History.Entries.Count(e => e.Op == HistoryOps.LockAcquire && e.Type == HistoryEntryType.Ok);
        var campaigns = verdict.History.Entries.Count(e => e.Op == HistoryOps.LeaderCampaign && e.Type == HistoryEntryType.Ok);
        Assert.Equal(2 * acquisitions, Count(overview, "<rect class=\"hold\""));
        Assert.Equal(2 * campaigns, Regex.Count(overview, "<rect class=\"term( even)?\""));
        Assert.Contains(">t10 worker-1</text>", overview);
        Assert.Contains(">term 5 worker-3</text>", overview);
    }

    [Fact]
    public void WriteAll_Verdict_ChaosFaultsAreLabelledAndTheirUndoEndsTheirSpan()
    {
        var overview = Overview(File.ReadAllText(Write(SampleVerdicts.Failing()).Html));

        // chaos.pause and chaos.resume of worker-1: one fault, labelled, in force from +3 s to +15 s.
        Assert.Equal(1, Count(overview, "<path class=\"chaos\""));
        Assert.Contains("<text class=\"chaos-label\"", overview);
        Assert.Contains(">pause worker-1</text>", overview);
        Assert.Contains("pause worker-1 in force +3.000s", overview);
    }

    [Fact]
    public void WriteAll_Verdict_LanesOnlyForProcessesThatDidSomething()
    {
        var entries = SampleVerdicts.Entries(staleWriteAccepted: false);
        entries.Add(new HistoryEntry { Time = entries[0].Time, Process = "worker-idle", Type = HistoryEntryType.Event, Op = HistoryOps.ProcessStart });
        var verdict = Verifier.Verify(MergedHistory.FromEntries(entries, "sample"), new RunMetadata { Name = "idle" });

        var overview = Overview(File.ReadAllText(Write(verdict).Html));

        var lanes = Regex.Matches(overview, "<text class=\"label\"[^>]*>([^<]+)</text>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["worker-1", "worker-2", "worker-3"], lanes);
        Assert.DoesNotContain("worker-idle", overview);
    }

    [Fact]
    public void WriteAll_Verdict_TickLabelsAreRound()
    {
        var overview = Overview(File.ReadAllText(Write(SampleVerdicts.Failing()).Html));

        // The sample runs 19.1 s: a 2 s step, labelled without decimals.
        var ticks = Regex.Matches(overview, "<text class=\"axis\"[^>]*>([^<]+)</text>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["0 s", "2 s", "4 s", "6 s", "8 s", "10 s", "12 s", "14 s", "16 s", "18 s"], ticks);
    }

    [Fact]
    public void WriteAll_FailingVerdict_HtmlDrawsViolationsOnTheInvolvedLanesAndZoomsOnEach()
    {
        var verdict = SampleVerdicts.Failing();

        var html = File.ReadAllText(Write(verdict).Html);

        var violations = verdict.Results.SelectMany(r => r.Violations).ToList();
        Assert.Equal(violations.Sum(v => v.Processes.Count), Count(Overview(html), "<rect class=\"violation\""));
        Assert.Equal(violations.Count, Count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline zoom\""));
        Assert.All(violations, v => Assert.NotEmpty(v.Operations));
        Assert.Contains("class=\"l-violation\"", html);
        Assert.Contains("<span class=\"badge failed\">FAILED</span>", html);
        Assert.Contains("<p class=\"first\"><b>First violation (V1, ", html);
    }

    [Fact]
    public void WriteAll_PassingVerdict_HtmlHasNoViolationShapes()
    {
        var html = File.ReadAllText(Write(SampleVerdicts.Passing()).Html);

        Assert.Equal(0, Count(html, "class=\"violation\""));
        Assert.DoesNotContain("l-violation\"", html);
        Assert.Contains("<span class=\"badge passed\">PASSED</span>", html);
    }

    [Fact]
    public void WriteAll_Verdict_HtmlIsSelfContained()
    {
        var html = File.ReadAllText(Write(SampleVerdicts.Failing()).Html);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["http://www.w3.org/2000/svg"], Regex.Matches(html, "https?://[^\"\\s<]+").Select(m => m.Value).Distinct());
        Assert.Contains("<title>worker-1 holds /locks/tasks/1 with token 10", html);
    }

    [Fact]
    public void WriteAll_Verdict_HistoryJsonlReadsBackAsTheSameHistory()
    {
        var verdict = SampleVerdicts.Failing();

        var read = HistoryReader.ReadPaths([Write(verdict).History]);

        Assert.True(read.IsValid, string.Join("\n", read.Errors));
        Assert.Equal(verdict.History.Entries.Select(HistoryJson.Serialize), read.History.Entries.Select(HistoryJson.Serialize));
    }

    private static int Count(string text, string fragment) => Regex.Count(text, Regex.Escape(fragment));

    private static string Overview(string html) => HtmlFragments.Overview(html);
}
