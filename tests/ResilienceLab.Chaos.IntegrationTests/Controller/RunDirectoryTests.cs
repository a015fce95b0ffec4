using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Hosting;

namespace ResilienceLab.Chaos.IntegrationTests.Controller;

/// <summary>
/// A run's temp directory (issue #18, items 7 and 12): a TMPDIR pointing nowhere is a clear error, not an unhandled
/// FileNotFoundException; the directory is removed after the run unless kept. In the plans' collection: TMPDIR is
/// process-wide, and these tests run one at a time.
/// </summary>
[Collection(LocalPlansCollection.Name)]
public sealed class RunDirectoryTests
{
    [Fact]
    public async Task Run_TmpdirPointingNowhere_IsAPlanRunExceptionNamingIt()
    {
        var plan = ChaosPlanLoader.LoadText("""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata: {name: no-tmp}
            target: {kind: local, replicas: 1}
            store: {kind: etcd, start: true}
            workload: {duration: 5s, tasks: {count: 1}}
            """, "no-tmp.yaml").Plan!;
        var before = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", "/nonexistent/reslab-tmp");
        try
        {
            var error = await Assert.ThrowsAsync<PlanRunException>(() => LocalPlanRun.RunAsync(plan, 1, new ChaosRunOptions()));

            Assert.Contains("TMPDIR=/nonexistent/reslab-tmp", error.Message, StringComparison.Ordinal);
            Assert.Contains("point TMPDIR at a writable directory", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", before);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Dispose_KeepOrNot_DeletesOnlyWhenNotKept(bool keep)
    {
        var directory = RunDirectory.Create("reslab-rundir-test-");
        File.WriteAllText(Path.Combine(directory.Path, "history.jsonl"), "{}\n");
        directory.Keep = keep;

        directory.Dispose();

        Assert.Equal(keep, Directory.Exists(directory.Path));
        if (keep)
        {
            Directory.Delete(directory.Path, recursive: true);
        }
    }
}
