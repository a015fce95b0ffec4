using System.Text.Json;
using System.Text.RegularExpressions;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Reporting.Html;
using ResilienceLab.Reporting.Summary;
using ResilienceLab.Reporting.Tests.TestSupport;
using ResilienceLab.Verification;
using ResilienceLab.Workers;
using static ResilienceLab.Reporting.Tests.TestSupport.PageColors;

namespace ResilienceLab.Reporting.Tests;

/// <summary>
/// Looks at the reports of real simulated runs as a person would: headless Chromium screenshots (kept in the test
/// assembly's screenshots/ folder) of a passing run, a failing lost-update run, a failing mutual-exclusion run and a
/// 200-seed summary, with assertions on what must be visible.
/// </summary>
public sealed class RunScreenshotTests : IDisposable
{
    private const int PageWidth = 1400;
    private const int PageHeight = 1400;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-run-screenshot-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void Screenshot_PassingRun_ShowsLabelledFaultsLanesAndNoRed()
    {
        var verdict = SimulationRun.Run(PlanFiles.Load("simulation-smoke.yaml"), 42).Verdict;
        Assert.True(verdict.Passed, string.Join("\n", verdict.Results.Where(r => !r.Passed).Select(r => r.Counterexample)));

        var html = Write("passing", verdict, out var path);
        var page = Screenshots.Take(path, "passing-run", PageWidth, PageHeight);

        Assert.Equal(0, page.Count(IsRed));
        Assert.True(page.Count(IsChaosAmber) > 100, $"expected chaos markers, found {page.Count(IsChaosAmber)} amber pixels");
        Assert.True(page.Count(IsHoldBlue) > 2000, $"expected lock holds, found {page.Count(IsHoldBlue)} blue pixels");
        var overview = HtmlFragments.Overview(html);
        foreach (var fault in verdict.History.Entries.Where(e => e.Op is "chaos.kill" or "chaos.pause" or "chaos.partition" or "chaos.store-fault"))
        {
            var role = fault.Details?.GetValueOrDefault("role") is { } r and not "any" ? $" ({r})" : string.Empty;
            Assert.Contains($">{fault.Op["chaos.".Length..]} {fault.Key}{role}</text>", overview);
        }

        Assert.Contains(">task /tasks/0</text>", overview);
        Assert.Contains(">counter /counter</text>", overview);
        Assert.Contains(">election /election/workers</text>", overview);
        Assert.All(Regex.Matches(overview, "<text class=\"axis\"[^>]*>([^<]+)</text>"), m => Assert.Matches("^[0-9]+ s$", m.Groups[1].Value));
    }

    [Fact]
    public void Screenshot_LostUpdateRun_MarksTheRacingIncrementsWhereTheyHappened()
    {
        var verdict = SimulationRun.Run(PlanFiles.Load("unsafe-counter-lost-updates.yaml"), 1).Verdict;
        var lost = Assert.Single(verdict.Results.Single(r => r.Name == "lost-updates").Violations);

        var html = Write("lost-update", verdict, out var path);
        var page = Screenshots.Take(path, "lost-update-run", PageWidth, PageHeight);

        Assert.True(page.Count(IsRed) > 500, $"expected red violation marks, found {page.Count(IsRed)} red pixels");
        Assert.Contains(">counter /counter</text>", html);
        Assert.Contains("diverged at +", html);
        Assert.Contains("class=\"timeline zoom\"", html);
        AssertRedOnlyWhereViolationsAre(verdict, html, "lost-update-overview");

        // The first race is drawn at its time, in the first 1 % of the run, not only at the final read.
        var scale = OverviewScale(verdict);
        var race = lost.Operations[0];
        Assert.True(race.InvokeTime - verdict.History.Start!.Value < (verdict.History.End!.Value - verdict.History.Start!.Value) / 100);
        Assert.Contains((int)scale.X(race.InvokeTime) + 1, RedColumns(html, "lost-update-overview"));
    }

    [Fact]
    public void Screenshot_MutualExclusionRun_MarksTheStaleWriteWhereItHappened()
    {
        // The lock holder is paused past its lease while an unfenced worker keeps writing after it wakes.
        var loaded = Chaos.Plans.ChaosPlanLoader.LoadText("""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata: {name: unfenced-stale-holder}
            target: {kind: simulation, replicas: 3, seed: 1}
            store: {kind: simulated, callTimeout: 1s}
            workload:
              duration: 30s
              tasks: {count: 1, steps: 400, stepDuration: 100ms, lockTtl: 2s}
              election: {enabled: false}
            schedule:
              - {name: pause-holder, action: pause, at: 5s, every: 9s, duration: 4s, jitter: 1s, selector: {role: lock-holder, task: 0}}
            checks: [mutual-exclusion, task-resumption]
            """, "unfenced-stale-holder.yaml");
        Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics));
        var plan = loaded.Plan;
        Verdict? verdict = null;
        for (var seed = 1; seed <= 20 && verdict is null; seed++)
        {
            var outcome = SimulationRun.Run(plan, seed, o => o.Tasks.Fencing = FencingMode.Unfenced);
            verdict = outcome.Verdict.Results.Any(r => r.Name == "mutual-exclusion" && r.Status == CheckStatus.Failed) ? outcome.Verdict : null;
        }

        Assert.NotNull(verdict);
        var first = verdict.Results.Single(r => r.Name == "mutual-exclusion").Violations[0];

        var html = Write("mutual-exclusion", verdict, out var path);
        var page = Screenshots.Take(path, "mutual-exclusion-run", PageWidth, PageHeight);

        Assert.True(page.Count(IsRed) > 200, $"expected red violation marks, found {page.Count(IsRed)} red pixels");
        Assert.Contains(">V1</text>", html);
        Assert.Contains(">lock /locks/tasks/0</text>", html);
        AssertRedOnlyWhereViolationsAre(verdict, html, "mutual-exclusion-overview");
        var scale = OverviewScale(verdict);
        var write = first.Operations[^1];
        var (from, to) = ((int)scale.X(write.InvokeTime), (int)Math.Ceiling(scale.X(write.CompleteTime!.Value)) + 2);
        Assert.Contains(RedColumns(html, "mutual-exclusion-overview"), x => x >= from && x <= to);
    }

    [Fact]
    public void Screenshot_Summary200Seeds_ShowsEverySeedAndNonEmptyHistograms()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var summary = new SeedSummary(plan.Metadata.Name, Path.Combine(_directory.FullName, "summary"));
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => summary.Add(42 + i, SimulationRun.Run(plan, 42 + i).Verdict));

        var files = summary.Write(new Dictionary<string, string> { ["seeds"] = "42..241" });
        var page = Screenshots.Take(files.Html, "summary-200-seeds", PageWidth, 1100);

        Assert.Equal(200, summary.Runs.Count);
        var html = File.ReadAllText(files.Html);
        Assert.Equal(200, Regex.Count(html, "<rect class=\"seed "));
        var failing = summary.Runs.Count(r => r.Status != CheckStatus.Passed);
        Assert.Equal(failing, Regex.Count(html, "<a href=\"seeds/seed-[0-9]+/report.html\"><rect class=\"seed "));
        Assert.True(page.Count(IsGreen) > (200 - failing) * 70, $"expected {200 - failing} green cells, found {page.Count(IsGreen)} green pixels");
        using var json = JsonDocument.Parse(File.ReadAllText(files.Json));
        foreach (var figure in json.RootElement.GetProperty("recovery").EnumerateArray())
        {
            var name = figure.GetProperty("name").GetString();
            Assert.True(figure.GetProperty("count").GetInt32() > 0, $"{name}: no samples over 200 seeds");
            Assert.Contains(figure.GetProperty("bins").EnumerateArray(), b => b.GetProperty("count").GetInt32() > 0);
            Assert.True(figure.GetProperty("p50Seconds").GetDouble() <= figure.GetProperty("p99Seconds").GetDouble(), name);
        }

        Assert.Equal(3, Regex.Count(html, ">p99<title>"));
        Assert.True(page.Count(IsHoldBlue) > 1000, $"expected histogram bars, found {page.Count(IsHoldBlue)} blue pixels");
    }

    private static TimelineScale OverviewScale(Verdict verdict)
    {
        var model = TimelineModel.Build(verdict);
        return SvgTimeline.Scale(model, TimelineView.Overview(model));
    }

    private string Write(string name, Verdict verdict, out string htmlPath)
    {
        htmlPath = ReportWriter.WriteAll(Path.Combine(_directory.FullName, name), verdict).Html;
        return File.ReadAllText(htmlPath);
    }

    // The overview alone at the page's corner: its SVG x is the screenshot's x.
    private SortedSet<int> RedColumns(string html, string name)
    {
        var path = Path.Combine(_directory.FullName, name + ".html");
        File.WriteAllText(path, HtmlFragments.OverviewPage(html));
        return Screenshots.Take(path, name, PageWidth, 900).Columns(IsRed);
    }

    // Every red column of the overview lies on a violation: its span, one of its operations (with its V-label), or a counter's divergence label.
    private void AssertRedOnlyWhereViolationsAre(Verdict verdict, string html, string name)
    {
        var scale = OverviewScale(verdict);
        var allowed = new List<(double From, double To)>();
        foreach (var v in verdict.Results.SelectMany(r => r.Violations))
        {
            allowed.Add((scale.X(v.Start) - 3, scale.X(v.End) + 4));
            allowed.AddRange(v.Operations.Select(o => (scale.X(o.InvokeTime) - 3, scale.X(o.CompleteTime ?? verdict.History.End!.Value) + 30)));
        }

        allowed.AddRange(Regex.Matches(html, "<line class=\"diverged\" x1=\"([0-9.]+)\"").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Select(x => (x - 3, x + 150)));
        var stray = RedColumns(html, name).Where(x => !allowed.Any(a => x >= a.From && x <= a.To)).ToList();
        Assert.True(stray.Count == 0, $"red where no violation is, at x = {string.Join(", ", stray.Take(20))}");
    }
}
