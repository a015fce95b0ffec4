using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Cli.Commands;
using ResilienceLab.Reporting;
using ResilienceLab.Verification;

namespace ResilienceLab.Cli.Tests;

/// <summary>A cancelled run is not a failed check (issue #18, item 8): an error in JUnit, exit 130 / 143, never 1.</summary>
public sealed class RunCommandCancellationTests
{
    private static ChaosPlan Plan(string name)
    {
        var result = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, name));
        Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
        return result.Plan!;
    }

    [Fact]
    public void Verify_CancelledRun_SteadyStateIsInconclusiveAndAJUnitError()
    {
        var run = new ChaosRunResult([], [], [], "the run was cancelled (Ctrl-C or a timeout)", TimeSpan.FromSeconds(3), null) { Cancelled = true };

        var verdict = RunVerification.Verify(Plan("lock-expiry-takeover.yaml"), run, new Dictionary<string, string>());

        var steady = Assert.Single(verdict.Results, r => r.Name == RunVerification.SteadyState);
        Assert.Equal(CheckStatus.Inconclusive, steady.Status);
        Assert.Contains("cancelled", steady.Summary, StringComparison.Ordinal);
        var directory = Directory.CreateTempSubdirectory("reslab-cancelled-").FullName;
        try
        {
            ReportWriter.WriteAll(directory, verdict);
            var junit = System.Xml.Linq.XDocument.Load(Path.Combine(directory, "junit.xml"));
            var testCase = Assert.Single(junit.Descendants("testcase"), t => (string?)t.Attribute("name") == RunVerification.SteadyState);
            Assert.NotNull(testCase.Element("error"));
            Assert.Null(testCase.Element("failure"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Verify_AbortedButNotCancelledRun_StillFailsSteadyState()
    {
        var run = new ChaosRunResult([], [], [], "probe 'x' failed", TimeSpan.FromSeconds(3), null);

        var verdict = RunVerification.Verify(Plan("lock-expiry-takeover.yaml"), run, new Dictionary<string, string>());

        Assert.Equal(CheckStatus.Failed, Assert.Single(verdict.Results, r => r.Name == RunVerification.SteadyState).Status);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ExitsWithTheShellsSigintCodeNotOne()
    {
        using var output = new StringWriter();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var exitCode = await RunCommand.RunAsync(Path.Combine(RepoPaths.ChaosPlans, "simulation-smoke.yaml"), null, 1, dryRun: false, output, cancelled.Token);

        Assert.Equal(130, exitCode);
        Assert.Contains("CANCELLED: simulation-smoke", output.ToString(), StringComparison.Ordinal);
    }
}
