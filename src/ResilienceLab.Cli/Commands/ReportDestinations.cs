using ResilienceLab.Reporting;

namespace ResilienceLab.Cli.Commands;

/// <summary>Claims a command's <c>--report</c> directory up front, printing why it cannot be used.</summary>
internal static class ReportDestinations
{
    /// <summary>The claimed destination; null when none was asked for or it cannot be used (the reason is printed: exit 2).</summary>
    public static ReportDestination? Claim(string? reportDirectory, TextWriter error)
    {
        if (reportDirectory is null)
        {
            return null;
        }

        try
        {
            return ReportDestination.Claim(reportDirectory);
        }
        catch (ReportDestinationException e)
        {
            error.WriteLine($"error: {e.Message}");
            return null;
        }
    }
}
