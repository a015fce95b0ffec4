using System.CommandLine;
using ResilienceLab.Cli.Commands;

namespace ResilienceLab.Cli.Tests;

/// <summary>`reslab validate`, invoked in-process through System.CommandLine as the real binary parses it.</summary>
public sealed class ValidateCommandTests
{
    private static (int ExitCode, string Output) Invoke(params string[] args)
    {
        var root = new RootCommand { ValidateCommand.Create() };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = root.Parse(["validate", .. args]).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString() + error.ToString());
    }

    [Fact]
    public void Validate_EveryExamplePlan_ExitsZero()
    {
        var (exitCode, output) = Invoke(RepoPaths.ChaosPlans);

        Assert.True(exitCode == 0, output);
        Assert.Contains("13 plans: 13 valid, 0 invalid; 0 errors, 0 warnings", output, StringComparison.Ordinal);
        Assert.Contains("simulation-smoke.yaml: ok: plan 'simulation-smoke', target simulation × 5, store simulated, 1m", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BrokenPlan_PrintsCompilerStyleDiagnosticsAndExitsTwo()
    {
        var path = Path.Combine(RepoPaths.BrokenPlans, "unknown-field-typo.yaml");

        var (exitCode, output) = Invoke(path);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{path}:", output, StringComparison.Ordinal);
        Assert.Matches(@"unknown-field-typo\.yaml:\d+:\d+: error RLP003: unknown field 'duraton' in schedule\[0\] \(did you mean 'duration'\?\)", output);
        Assert.Contains("1 plan: 0 valid, 1 invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryBrokenPlan_ExitsTwoWithoutAStackTrace()
    {
        var (exitCode, output) = Invoke(RepoPaths.BrokenPlans);

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        var count = RepoPaths.YamlFiles(RepoPaths.BrokenPlans).Count();
        Assert.Contains($"{count} plans: 0 valid, {count} invalid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidAndInvalidTogether_ExitsTwoAndReportsBoth()
    {
        var (exitCode, output) = Invoke(
            Path.Combine(RepoPaths.ChaosPlans, "cas-contention.yaml"),
            Path.Combine(RepoPaths.BrokenPlans, "unknown-action.yaml"));

        Assert.Equal(2, exitCode);
        Assert.Contains("cas-contention.yaml: ok:", output, StringComparison.Ordinal);
        Assert.Contains("error RLP006: unknown action 'kil'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingFile_ExitsTwo()
    {
        var (exitCode, output) = Invoke("no/such/plan.yaml");

        Assert.Equal(2, exitCode);
        Assert.Contains("no/such/plan.yaml:1:1: error RLP001: the plan file does not exist", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DirectoryWithoutPlans_ExitsTwo()
    {
        var directory = Directory.CreateTempSubdirectory("reslab-empty-");
        try
        {
            var (exitCode, output) = Invoke(directory.FullName);

            Assert.Equal(2, exitCode);
            Assert.Contains("error RLP001: the directory holds no *.yaml or *.yml plan", output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Validate_WarningsOnly_ExitsZeroUnlessWarnAsError()
    {
        var directory = Directory.CreateTempSubdirectory("reslab-warn-");
        var path = Path.Combine(directory.FullName, "warns.yaml");
        File.WriteAllText(path, PlanTexts.Minimal.Replace("test-plan", "warns", StringComparison.Ordinal) + "checks: []\n");
        try
        {
            var (exitCode, output) = Invoke(path);
            var (strictExitCode, _) = Invoke(path, "--warnaserror");

            Assert.Equal(0, exitCode);
            Assert.Contains(": warning RLP108: ", output, StringComparison.Ordinal);
            Assert.Equal(2, strictExitCode);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Validate_NoArguments_IsAParseError()
    {
        var (exitCode, _) = Invoke();

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void Validate_ThousandsOfUnknownFields_PrintsTheFirstFiftyThenACount()
    {
        var path = Path.Combine(Path.GetTempPath(), $"reslab-many-fields-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "apiVersion: resiliencelab/v1\nkind: ChaosPlan\nmetadata:\n  name: x\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => $"field{i}: 1\n")));
        try
        {
            var (exitCode, output) = Invoke(path);

            Assert.Equal(2, exitCode);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length <= PlanDiagnosticPrinter.MaxPrinted + 3, $"{lines.Length} lines printed");
            Assert.Contains("more diagnostic(s) not shown", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
