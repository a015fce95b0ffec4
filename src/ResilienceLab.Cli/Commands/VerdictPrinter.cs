using ResilienceLab.Verification;

namespace ResilienceLab.Cli.Commands;

/// <summary>Prints a verdict as one line per check, with the counterexample of each failing one.</summary>
internal static class VerdictPrinter
{
    public static void Print(Verdict verdict, TextWriter output)
    {
        foreach (var result in verdict.Results)
        {
            output.WriteLine($"  {Mark(result.Status)} {result.Name,-18} {result.Summary}");
            if (!result.Passed && result.Counterexample is { } counterexample)
            {
                foreach (var line in counterexample.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(8))
                {
                    output.WriteLine($"        {line.TrimEnd()}");
                }
            }
        }
    }

    private static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Passed => "PASS",
        CheckStatus.Failed => "FAIL",
        _ => "????",
    };
}
