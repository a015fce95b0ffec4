using System.Globalization;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Cli.Commands;

/// <summary>Prints a plan's diagnostics: the first <see cref="MaxPrinted"/> in full, then one line counting the rest.</summary>
internal static class PlanDiagnosticPrinter
{
    /// <summary>Enough to fix a plan by; a file of 50,000 unknown fields once printed 10.8 MB.</summary>
    public const int MaxPrinted = 50;

    public static void Print(IReadOnlyList<PlanDiagnostic> diagnostics, TextWriter output)
    {
        foreach (var diagnostic in diagnostics.Take(MaxPrinted))
        {
            output.WriteLine(diagnostic.ToString());
        }

        if (diagnostics.Count > MaxPrinted)
        {
            var rest = diagnostics.Skip(MaxPrinted).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{diagnostics[0].File}: … {rest.Count} more diagnostic(s) not shown ({rest.Count(d => d.IsError)} error(s), {rest.Count(d => !d.IsError)} warning(s))"));
        }
    }
}
