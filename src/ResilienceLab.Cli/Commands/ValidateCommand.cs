using System.CommandLine;
using System.Globalization;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Cli.Commands;

/// <summary>
/// <c>reslab validate &lt;plan&gt;…</c>: loads each plan (or every *.yaml / *.yml plan of a directory) and prints
/// every diagnostic in compiler style, <c>file:line:col: error CODE: message</c>, so editors and CI annotate the
/// lines. Exit code 0 when every plan is valid, 2 when any is not.
/// </summary>
public static class ValidateCommand
{
    /// <summary>The System.CommandLine command.</summary>
    public static Command Create()
    {
        var plans = new Argument<string[]>("plans")
        {
            Description = "Plan files, or directories whose *.yaml and *.yml plans are all checked",
            Arity = ArgumentArity.OneOrMore,
        };
        var warningsAsErrors = new Option<bool>("--warnaserror")
        {
            Description = "Treat warnings as errors: exit 2 when any plan has a warning",
        };
        var command = new Command("validate", "Check chaos plans and print every problem as file:line:col: error CODE: message (exit 0 valid, 2 invalid)")
        {
            plans,
            warningsAsErrors,
        };
        command.SetAction(parseResult => Run(
            parseResult.GetValue(plans) ?? [],
            parseResult.GetValue(warningsAsErrors),
            parseResult.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Validates <paramref name="paths"/>, writes the report to <paramref name="output"/>, returns the exit code.</summary>
    public static int Run(IReadOnlyList<string> paths, bool warningsAsErrors, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        var (files, badPaths) = Expand(paths, output);
        int valid = 0, errors = 0, warnings = 0;
        foreach (var file in files)
        {
            var result = ChaosPlanLoader.LoadFile(file);
            PlanDiagnosticPrinter.Print(result.Diagnostics, output);

            errors += result.Errors.Count;
            warnings += result.Warnings.Count;
            if (result.Plan is { } plan)
            {
                valid++;
                output.WriteLine(Summary(file, plan));
            }
        }

        var invalid = files.Count - valid;
        output.WriteLine($"{Count(files.Count, "plan")}: {valid} valid, {invalid} invalid; {Count(errors, "error")}, {Count(warnings, "warning")}");
        var failed = badPaths > 0 || invalid > 0 || (warningsAsErrors && warnings > 0);
        return failed ? ExitCodes.BadInput : ExitCodes.Pass;
    }

    /// <summary>Plan files and the *.yaml / *.yml plans of directories, in name order; counts paths that are neither.</summary>
    internal static (List<string> Files, int BadPaths) Expand(IReadOnlyList<string> paths, TextWriter output)
    {
        var files = new List<string>();
        var bad = 0;
        foreach (var path in paths)
        {
            if (!Directory.Exists(path))
            {
                files.Add(path);
                continue;
            }

            var plans = Directory.EnumerateFiles(path, "*.yaml").Concat(Directory.EnumerateFiles(path, "*.yml")).Order(StringComparer.Ordinal).ToList();
            if (plans.Count == 0)
            {
                output.WriteLine($"{path}:1:1: error {PlanDiagnosticCodes.FileUnreadable}: the directory holds no *.yaml or *.yml plan");
                bad++;
            }

            files.AddRange(plans);
        }

        return (files, bad);
    }

    private static string Summary(string file, ChaosPlan plan) =>
        $"{file}: ok: plan '{plan.Metadata.Name}', target {PlanNames.Of(plan.Target.Kind)} × {plan.Target.Replicas}, store {PlanNames.Of(plan.Store.Kind)}, "
        + $"{PlanDuration.Format(plan.Workload.Duration)}, {Count(plan.Schedule.Count, "step")}, {Count(plan.Probes.Count, "probe")}, {Count(plan.Checks.Count, "check")}, expect {PlanNames.Of(plan.Expect)}";

    private static string Count(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");
}
