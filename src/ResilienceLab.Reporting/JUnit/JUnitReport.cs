using System.Globalization;
using System.Xml.Linq;
using ResilienceLab.Verification;

namespace ResilienceLab.Reporting.JUnit;

/// <summary>
/// junit.xml: one testcase per check; a failed check's counterexample is the failure's text (what CI
/// systems show), an inconclusive one is an error.
/// </summary>
internal static class JUnitReport
{
    private const string ClassName = "reslab.check";

    public static string Render(Verdict verdict)
    {
        var results = verdict.Results;
        var failures = results.Count(r => r.Status == CheckStatus.Failed);
        var errors = results.Count(r => r.Status == CheckStatus.Inconclusive);
        var seconds = Seconds(TimeSpan.FromTicks(results.Sum(r => r.Elapsed?.Ticks ?? 0)));
        var suite = new XElement("testsuite",
            new XAttribute("name", verdict.Metadata.Name),
            new XAttribute("tests", results.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", errors),
            new XAttribute("skipped", 0),
            new XAttribute("time", seconds),
            verdict.Metadata.GeneratedAt is { } at ? new XAttribute("timestamp", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)) : null,
            new XElement("properties",
                new XElement("property", new XAttribute("name", "history.entries"), new XAttribute("value", verdict.History.Count)),
                verdict.Metadata.Properties.Select(p => new XElement("property", new XAttribute("name", p.Key), new XAttribute("value", p.Value)))),
            results.Select(TestCase),
            verdict.Warnings.Count > 0 ? new XElement("system-err", string.Join("\n", verdict.Warnings)) : null);
        var document = new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "reslab"),
                new XAttribute("tests", results.Count),
                new XAttribute("failures", failures),
                new XAttribute("errors", errors),
                new XAttribute("time", seconds),
                suite));
        return document.Declaration + "\n" + document.ToString();
    }

    private static XElement TestCase(CheckResult result) => new("testcase",
        new XAttribute("classname", ClassName),
        new XAttribute("name", result.Name),
        new XAttribute("time", Seconds(result.Elapsed ?? TimeSpan.Zero)),
        result.Status switch
        {
            CheckStatus.Failed => new XElement("failure",
                new XAttribute("message", result.Summary),
                new XAttribute("type", string.Join(",", result.Violations.Select(v => v.Kind).Distinct())),
                result.Counterexample ?? result.Summary),
            CheckStatus.Inconclusive => new XElement("error",
                new XAttribute("message", result.Summary),
                new XAttribute("type", "inconclusive"),
                result.Counterexample ?? result.Summary),
            _ => null,
        },
        new XElement("system-out", result.Summary));

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
