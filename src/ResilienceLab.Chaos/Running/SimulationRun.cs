using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Simulation;
using ResilienceLab.Verification;

namespace ResilienceLab.Chaos.Running;

/// <summary>The outcome of one seed of a simulated plan.</summary>
public sealed record SimulationOutcome(long Seed, ChaosRunResult Run, Verdict Verdict, TimeSpan VirtualTime, long Steps, long ForeignPosts, string? FirstForeignPost = null);

/// <summary>
/// Runs a plan with <c>target: simulation</c> in one process, in virtual time, from one seed: the same plan and seed
/// give the same history, byte for byte.
/// </summary>
public static class SimulationRun
{
    /// <summary>Hooks for tests and negative controls: change the replica options before the run (e.g. an unfenced worker).</summary>
    public static SimulationOutcome Run(ChaosPlan plan, long seed, Action<Workers.ReplicaOptions>? customize = null, ChaosRunOptions? runOptions = null)
    {
        var template = PlanWorkload.ToReplicaOptions(plan);
        customize?.Invoke(template);
        return Run(plan, seed, ReferenceReplicaProgram.Factory(template), runOptions);
    }

    /// <summary>
    /// Runs the plan with every replica running what <paramref name="program"/> makes for it — a team's own service
    /// (ResilienceLab.Testing) or the reference workers — under the plan's faults, and judges the history.
    /// </summary>
    public static SimulationOutcome Run(ChaosPlan plan, long seed, Func<SimulatedReplicaContext, IReplicaProgram> program, ChaosRunOptions? runOptions = null)
    {
        var loop = new SimulationLoop();
        var clocks = plan.Target.Clocks.ToDictionary(c => c.Replica, c => new ClockFault(c.Skew, 1.0 + c.Drift));
        var members = plan.Store.Start?.Members ?? ChaosPlanConstants.DefaultSimulatedMembers;
        var clientOptions = new SimulatedClientOptions { CallTimeout = plan.Store.CallTimeout };
        var options = runOptions ?? new ChaosRunOptions();
        options.Seed = seed;
        ChaosRunResult? result = null;
        var target = new SimulationTarget(loop, program, plan.Target.Replicas, members, seed, clocks, clientOptions);
        // A clock fault layer on every replica's clock only when a step can set one: without, each timer is one layer cheaper.
        target.ReplicaSet.ClockFaultsAtRuntime = plan.Schedule.Any(step => step.Action == ChaosActionKind.ClockSkew);
        loop.Run(async () =>
        {
            await using (target)
            {
                result = await new ChaosController(target, plan, options).RunAsync(CancellationToken.None);
            }
        }, timeLimit: plan.Workload.Duration + options.ReadyTimeout + TimeSpan.FromMinutes(10));

        var properties = new Dictionary<string, string>
        {
            ["target"] = "simulation",
            ["seed"] = seed.ToString(),
            ["virtualSeconds"] = loop.Clock.Elapsed.TotalSeconds.ToString("0.###"),
        };
        var verdict = RunVerification.Verify(plan, result!, properties);
        if (ServiceCrashCheck.Of(target.ReplicaSet.All.Select(r => (r.Name, r.Crash)), verdict.History.Start ?? DateTimeOffset.UnixEpoch) is { } crashed)
        {
            verdict = verdict with { Results = [.. verdict.Results, crashed] };
        }

        if (loop.ForeignPosts > 0)
        {
            // Something left the loop (a continuation ran on the thread pool): this run may not replay from its seed.
            verdict = verdict with
            {
                Results = [.. verdict.Results, CheckResult.Inconclusive("determinism", $"{loop.ForeignPosts} continuation(s) arrived from another thread; the run may not replay exactly from seed {seed}", loop.FirstForeignPost)],
            };
        }
        return new SimulationOutcome(seed, result!, verdict, loop.Clock.Elapsed, loop.Steps, loop.ForeignPosts, loop.FirstForeignPost);
    }
}
