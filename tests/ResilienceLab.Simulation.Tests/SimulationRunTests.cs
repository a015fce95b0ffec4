using ResilienceLab.Chaos.Running;
using Xunit.Abstractions;

namespace ResilienceLab.Simulation.Tests;

public sealed class SimulationRunTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_SmokePlan_PassesEveryCheck()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var outcome = SimulationRun.Run(plan, 42, runOptions: new Chaos.Controller.ChaosRunOptions { OnEvent = e => output.WriteLine(e.ToString()) });
        foreach (var s in outcome.Run.Steps)
        {
            output.WriteLine($"{s.At} {s.Step} {s.Action} {s.Target} {s.Role} {s.RoleVerified} {s.Error}");
        }

        foreach (var r in outcome.Verdict.Results)
        {
            output.WriteLine($"{r.Name} {r.Status} {r.Summary}\n{r.Counterexample}");
        }

        output.WriteLine($"virtual {outcome.VirtualTime} steps {outcome.Steps} entries {outcome.Run.Entries.Count}");
        Assert.Equal(0, outcome.ForeignPosts);
        Assert.True(outcome.Verdict.Passed, string.Join("\n", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Summary}\n{r.Counterexample}")));
    }

    [Fact]
    public void Run_AReplicaLetsAnExceptionEscape_FailsServiceCrashNamingTheReplicaAndTheException()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var reference = ReferenceReplicaProgram.Factory(PlanWorkload.ToReplicaOptions(plan));

        var outcome = SimulationRun.Run(plan, 42, context => context.Name == "replica-2" ? new ThrowsAfter(reference(context), context.Process.Clock) : reference(context));

        var crash = Assert.Single(outcome.Verdict.Results, r => r.Name == ServiceCrashCheck.Name);
        Assert.False(crash.Passed);
        var violation = Assert.Single(crash.Violations);
        Assert.Equal(ServiceCrashCheck.UnhandledException, violation.Kind);
        Assert.Equal(["replica-2"], violation.Processes);
        Assert.Contains("replica-2: System.InvalidOperationException: boom after 5 s", violation.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ThrowsAfter), violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoReplicaThrows_HasNoServiceCrashResult()
    {
        var outcome = SimulationRun.Run(PlanFiles.Load("simulation-smoke.yaml"), 42);

        Assert.DoesNotContain(outcome.Verdict.Results, r => r.Name == ServiceCrashCheck.Name);
    }

    /// <summary>The reference workers, and an exception out of the replica's program 5 s in (its workers run on).</summary>
    private sealed class ThrowsAfter(IReplicaProgram inner, TimeProvider clock) : IReplicaProgram
    {
        public bool Ready => inner.Ready;

        public Coordination.ICoordinationSession? Session => inner.Session;

        public async Task RunAsync(CancellationToken stopping)
        {
            _ = inner.RunAsync(stopping);
            await Task.Delay(TimeSpan.FromSeconds(5), clock, CancellationToken.None);
            throw new InvalidOperationException("boom after 5 s");
        }
    }

    /// <summary>The correct workers survive the smoke plan's chaos on 1000 seeds (issue 7's bar).</summary>
    [Fact]
    public void Run_SmokePlanThousandSeeds_EverySeedPasses()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var failing = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(1, 1001, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, seed =>
        {
            var outcome = SimulationRun.Run(plan, seed);
            if (!outcome.Verdict.Passed || outcome.ForeignPosts != 0)
            {
                failing.Add($"seed {seed} (foreign posts {outcome.ForeignPosts} {outcome.FirstForeignPost}): " + string.Join("; ", outcome.Verdict.Results.Where(r => !r.Passed).Select(r => $"{r.Name}: {r.Summary}")));
            }
        });

        Assert.True(failing.IsEmpty, $"{failing.Count} failing seed(s):\n{string.Join("\n", failing.Order().Take(10))}");
    }
}
