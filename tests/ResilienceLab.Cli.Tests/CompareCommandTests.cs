using ResilienceLab.Cli.Commands;
using ResilienceLab.Reporting;

namespace ResilienceLab.Cli.Tests;

/// <summary>compare claims its report directory before it starts any store, as simulate and run do (issue #19).</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-compare-");

    public void Dispose() => _directory.Delete(recursive: true);

    private static string Plan => Path.Combine(RepoPaths.ChaosPlans, "etcd-vs-nats.yaml");

    [Fact]
    public async Task RunAsync_ReportPathIsAFile_IsBadInputBeforeAnyStoreStarts()
    {
        var file = Path.Combine(_directory.FullName, "taken");
        await File.WriteAllTextAsync(file, "not a directory");
        var output = new StringWriter();

        var exit = await CompareCommand.RunAsync(Plan, "etcd,nats", file, null, bench: true, 1, output, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains("is an existing file", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("running ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReportDirectoryHeldByAnotherRun_IsBadInputBeforeAnyStoreStarts()
    {
        var report = Path.Combine(_directory.FullName, "report");
        using var other = ReportDestination.Claim(report);
        var output = new StringWriter();

        var exit = await CompareCommand.RunAsync(Plan, "etcd,nats", report, null, bench: true, 1, output, CancellationToken.None);

        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.DoesNotContain("running ", output.ToString(), StringComparison.Ordinal);
    }
}
