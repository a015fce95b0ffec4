using ResilienceLab.Reporting.Tests.TestSupport;

namespace ResilienceLab.Reporting.Tests;

/// <summary>The report directory is claimed before a run and written atomically (issue #18, items 6 and 12).</summary>
public sealed class ReportDestinationTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("reslab-destination-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string InTemp(string name) => Path.Combine(_directory.FullName, name);

    [Fact]
    public void Claim_ExistingFile_IsRefused()
    {
        var file = InTemp("report.txt");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<ReportDestinationException>(() => ReportDestination.Claim(file));

        Assert.Contains("is an existing file, not a directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claim_PathUnderAFile_IsRefused()
    {
        var file = InTemp("report.txt");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<ReportDestinationException>(() => ReportDestination.Claim(Path.Combine(file, "out")));

        Assert.Contains("cannot create the directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Claim_DirectoryAnotherRunHolds_IsRefusedUntilReleased()
    {
        var directory = InTemp("out");
        using (ReportDestination.Claim(directory))
        {
            var error = Assert.Throws<ReportDestinationException>(() => ReportDestination.Claim(directory));
            Assert.Contains("another reslab is writing its reports there", error.Message, StringComparison.Ordinal);
        }

        using var again = ReportDestination.Claim(directory);
        Assert.Equal(Path.GetFullPath(directory), again.Directory);
    }

    [Fact]
    public void WriteAll_FailingPartWay_LeavesThePreviousReportWholeAndNoTempFiles()
    {
        var directory = InTemp("out");
        var first = ReportWriter.WriteAll(directory, SampleVerdicts.Passing());
        var before = File.ReadAllText(first.Json);

        // The last file cannot be staged (a directory sits where its temp file goes): as a full disk would fail it.
        Directory.CreateDirectory($"{first.History}.{Environment.ProcessId}.tmp");
        var error = Assert.ThrowsAny<Exception>(() => ReportWriter.WriteAll(directory, SampleVerdicts.Failing()));
        Assert.True(error is IOException or UnauthorizedAccessException, error.ToString());

        Assert.Equal(before, File.ReadAllText(first.Json));
        Assert.Equal([$"{ReportWriter.HistoryFile}.{Environment.ProcessId}.tmp"], Directory.GetFileSystemEntries(directory, "*.tmp").Select(Path.GetFileName));
    }
}
