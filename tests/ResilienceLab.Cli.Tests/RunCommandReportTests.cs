using ResilienceLab.Cli.Commands;

namespace ResilienceLab.Cli.Tests;

/// <summary>The --report destination is checked before anything runs (issue #18, item 6): exit 2 and no run at all.</summary>
public sealed class RunCommandReportTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-run-report-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task RunAsync_ReportPathUnderAFile_ExitsTwoBeforeRunning()
    {
        var file = Path.Combine(_directory.FullName, "a-file");
        await File.WriteAllTextAsync(file, "x");
        using var output = new StringWriter();

        var exitCode = await RunCommand.RunAsync(Path.Combine(RepoPaths.ChaosPlans, "simulation-smoke.yaml"), Path.Combine(file, "out"), 1, dryRun: false, output, CancellationToken.None);

        Assert.Equal(2, exitCode);
        Assert.Contains("error: --report", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("running simulation-smoke", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReportIsAnExistingFile_ExitsTwoBeforeReading()
    {
        var file = Path.Combine(_directory.FullName, "a-file");
        File.WriteAllText(file, "x");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = CheckCommand.Run(["/nonexistent/history"], file, null, new Verification.VerificationOptions(), output, error, TimeProvider.System);

        Assert.Equal(2, exitCode);
        Assert.Contains("is an existing file, not a directory", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("no such file or directory", error.ToString(), StringComparison.Ordinal);
    }
}
