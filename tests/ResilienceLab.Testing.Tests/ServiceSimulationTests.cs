using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ResilienceLab.Testing.Tests;

/// <summary>A team's own hosted service explored over seeds with <see cref="ServiceSimulation"/>: the correct one passes, the buggy one is caught.</summary>
public sealed class ServiceSimulationTests
{
    private static readonly string Plan = Path.Combine(AppContext.BaseDirectory, "plans", "jobs.yaml");

    [Fact]
    public void AssertPasses_FencedService_EverySeedPassesAndTheJobsComplete()
    {
        var result = ServiceSimulation.AssertPasses(Plan, Fenced, new ServiceSimulationOptions { Seeds = 12 });

        Assert.Equal(12, result.Seeds.Count);
        Assert.All(result.Seeds, s => Assert.Contains(s.Verdict.Results, r => r.Name == "task-resumption" && r.Summary.Contains("4 task(s)", StringComparison.Ordinal)));
        Assert.True(result.VirtualSecondsPerSecond > 1, $"the simulation ran slower than real time: {result.Describe()}");
    }

    [Fact]
    public void Run_UnfencedService_CaughtWithTheSeedThatReplaysIt()
    {
        var result = ServiceSimulation.Run(Plan, Unfenced, new ServiceSimulationOptions { Seeds = 30 });

        var failure = Assert.IsType<SeedResult>(result.FirstFailure);
        Assert.Contains(failure.Verdict.Results, r => r.Status == Verification.CheckStatus.Failed && r.Name is "mutual-exclusion" or "task-resumption");

        // The seed replays alone to the same verdict.
        var replay = ServiceSimulation.Run(Plan, Unfenced, new ServiceSimulationOptions { FirstSeed = failure.Seed, Seeds = 1 });
        Assert.Equal(
            failure.Verdict.Results.Select(r => (r.Name, r.Status, r.Summary)),
            replay.Seeds.Single().Verdict.Results.Select(r => (r.Name, r.Status, r.Summary)));
    }

    [Fact]
    public void AssertPasses_UnfencedService_ThrowsNamingSeedCheckAndReplay()
    {
        var error = Assert.Throws<ServiceSimulationException>(() => ServiceSimulation.AssertPasses(Plan, Unfenced, new ServiceSimulationOptions { Seeds = 30 }));

        Assert.Contains("first failing seed:", error.Message, StringComparison.Ordinal);
        Assert.Contains("check ", error.Message, StringComparison.Ordinal);
        Assert.Contains($"FirstSeed = {error.Result.FirstFailure!.Seed}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ServiceThatEscapesTheLoop_ReportedWithTheStackAndWhatToUseInstead()
    {
        var result = ServiceSimulation.Run(Plan, s => s.AddHostedService<ForeignThreadEscaper>(), new ServiceSimulationOptions { Seeds = 1 });

        var seed = Assert.Single(result.Seeds);
        Assert.False(seed.Passed);
        Assert.NotNull(seed.FirstEscape);
        Assert.Contains("injected TimeProvider", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ServiceThatThrowsAtStartUp_FailsTheSeedOnServiceCrash()
    {
        var result = ServiceSimulation.Run(Plan, s => s.AddHostedService<Thrower>(), new ServiceSimulationOptions { Seeds = 1 });

        var crash = Assert.Single(result.Seeds).Verdict.Results.Single(r => r.Name == ServiceSimulationChecks.ServiceCrash);
        Assert.Equal(Verification.CheckStatus.Failed, crash.Status);
        Assert.Contains("boom at start-up", crash.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ServiceThatThrowsMidRun_FailsTheSeedOnServiceCrash()
    {
        var result = ServiceSimulation.Run(Plan, s => s.AddHostedService<LateThrower>(), new ServiceSimulationOptions { Seeds = 1 });

        var crash = Assert.Single(result.Seeds).Verdict.Results.Single(r => r.Name == ServiceSimulationChecks.ServiceCrash);
        Assert.Equal(Verification.CheckStatus.Failed, crash.Status);
        Assert.Contains("boom after 5 s", crash.Violations[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_PlanOfTheReferenceWorkload_RefusedNamingWorkloadService()
    {
        var reference = Path.Combine(AppContext.BaseDirectory, "plans", "reference.yaml");
        File.WriteAllText(reference, File.ReadAllText(Plan).Replace("  service: external\n", "  tasks: {count: 2}\n", StringComparison.Ordinal));
        var error = Assert.Throws<ArgumentException>(() => ServiceSimulation.Run(reference, Fenced));
        Assert.Contains("workload.service: external", error.Message, StringComparison.Ordinal);
    }

    private static void Fenced(IServiceCollection services) => services.AddSingleton(new JobWorkerOptions()).AddHostedService<JobWorker>();

    private static void Unfenced(IServiceCollection services) => services.AddSingleton(new JobWorkerOptions { Unfenced = true }).AddHostedService<JobWorker>();

    private sealed class ForeignThreadEscaper(TimeProvider time) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            // The mistake under test: a callback from a thread of the service's own (a client library's I/O thread, a timer
            // on the wall clock) resumes work on the replica. Joined here so the escape happens while the run is alive.
            var replica = SynchronizationContext.Current!;
            var other = new Thread(() => replica.Post(_ => { }, null));
            other.Start();
            other.Join();
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
        }
    }

    private sealed class LateThrower(TimeProvider time) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            throw new InvalidOperationException("boom after 5 s");
        }
    }

    private sealed class Thrower : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => throw new InvalidOperationException("boom at start-up");
    }
}
