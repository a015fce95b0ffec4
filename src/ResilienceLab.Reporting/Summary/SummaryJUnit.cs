using System.Xml.Linq;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.Summary;

/// <summary>junit.xml of a many-seed run: one testcase per check (failed when any seed failed it) and one per failing seed.</summary>
internal static class SummaryJUnit
{
    public static string Render(SummaryData data)
    {
        var cases = new List<XElement>();
        foreach (var check in data.Checks)
        {
            var failing = data.Runs.Where(r => r.Checks.Any(c => c.Check == check && c.Status == CheckStatus.Failed)).ToList();
            var undecided = data.Runs.Where(r => r.Checks.Any(c => c.Check == check && c.Status == CheckStatus.Inconclusive)).ToList();
            cases.Add(new XElement("testcase",
                new XAttribute("classname", "reslab.check"),
                new XAttribute("name", check),
                new XAttribute("time", "0"),
                failing.Count > 0 ? new XElement("failure", new XAttribute("message", $"{check} failed on {failing.Count} of {data.Runs.Count} {data.Noun}"), new XAttribute("type", check), string.Join("\n", failing.Take(20).Select(r => $"{r.Title}: {r.FirstViolation}")))
                : undecided.Count > 0 ? new XElement("error", new XAttribute("message", $"{check} inconclusive on {undecided.Count} of {data.Runs.Count} {data.Noun}"), new XAttribute("type", "inconclusive"))
                : null,
                new XElement("system-out", $"{check}: {data.Count(check, CheckStatus.Passed)} of {data.Runs.Count} {data.Noun} passed")));
        }

        foreach (var run in data.Failing)
        {
            var text = $"{string.Join(", ", run.NotPassed)}: {run.FirstViolation}" + (data.Replay is null ? string.Empty : $"\nreplay: {data.Replay(run.Seed)}") + (run.ReportDirectory is null ? string.Empty : $"\nreport: {SummaryCharts.Href(run.ReportDirectory)}");
            cases.Add(new XElement("testcase",
                new XAttribute("classname", run.Label is null ? "reslab.seed" : "reslab.run"),
                new XAttribute("name", run.Title),
                new XAttribute("time", "0"),
                run.Status == CheckStatus.Failed
                    ? new XElement("failure", new XAttribute("message", $"{run.Title} failed {string.Join(", ", run.NotPassed)}"), new XAttribute("type", run.Label is null ? "seed" : "run"), text)
                    : new XElement("error", new XAttribute("message", $"{run.Title} inconclusive: {string.Join(", ", run.NotPassed)}"), new XAttribute("type", "inconclusive"), text)));
        }

        var failures = cases.Count(c => c.Element("failure") is not null);
        var errors = cases.Count(c => c.Element("error") is not null);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"{data.Name} ({data.Runs.Count} {data.Noun})"),
            new XAttribute("tests", cases.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("skipped", 0),
            new XAttribute("time", "0"),
            new XElement("properties",
                new XElement("property", new XAttribute("name", data.Noun), new XAttribute("value", data.Runs.Count)),
                data.Properties.Select(p => new XElement("property", new XAttribute("name", p.Key), new XAttribute("value", p.Value)))),
            cases);
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", "reslab"), new XAttribute("tests", cases.Count), new XAttribute("failures", failures), new XAttribute("errors", errors), suite));
        return document.Declaration + "\n" + document.ToString();
    }
}
