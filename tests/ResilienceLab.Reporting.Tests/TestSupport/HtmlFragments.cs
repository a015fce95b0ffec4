using System.Text.RegularExpressions;

namespace ResilienceLab.Reporting.Tests.TestSupport;

/// <summary>Picks parts out of a rendered report.</summary>
internal static partial class HtmlFragments
{
    /// <summary>The whole-run timeline: the first &lt;svg class="timeline"&gt; of the page.</summary>
    public static string Overview(string html) => OverviewRegex().Match(html) is { Success: true } m ? m.Value : throw new InvalidOperationException("no overview timeline in the page");

    /// <summary>A page holding only the page's stylesheet and its overview timeline, at the top-left corner, so SVG x is pixel x.</summary>
    public static string OverviewPage(string html) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>{StyleRegex().Match(html).Groups[1].Value}\nbody {{ margin: 0; }} svg.timeline {{ border: 0; }}</style></head><body>{Overview(html)}</body></html>";

    [GeneratedRegex("<svg [^>]*class=\"timeline\"[\\s\\S]*?</svg>")]
    private static partial Regex OverviewRegex();

    [GeneratedRegex("<style>([\\s\\S]*?)</style>")]
    private static partial Regex StyleRegex();
}
