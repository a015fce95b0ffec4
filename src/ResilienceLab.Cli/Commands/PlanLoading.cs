using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Cli.Commands;

/// <summary>Loads a plan for a command that runs it; prints every diagnostic compiler-style when it is invalid.</summary>
internal static class PlanLoading
{
    /// <summary>The plan, or null after printing why it cannot be run (the caller exits with <see cref="ExitCodes.BadInput"/>).</summary>
    public static ChaosPlan? Load(string path, TextWriter output)
    {
        if (!File.Exists(path))
        {
            output.WriteLine($"{path}: error: no such plan file");
            return null;
        }

        var result = ChaosPlanLoader.LoadFile(path);
        PlanDiagnosticPrinter.Print(result.Diagnostics, output);

        return result.Plan;
    }
}
