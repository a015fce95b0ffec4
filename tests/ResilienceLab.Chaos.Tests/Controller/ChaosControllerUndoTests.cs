using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Simulation;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.History;

namespace ResilienceLab.Chaos.Tests.Controller;

/// <summary>Whatever ends a run early — Ctrl-C or an abort — the controller undoes every fault it put in force.</summary>
public sealed class ChaosControllerUndoTests
{
    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: undo}
        target: {kind: simulation, replicas: 3, seed: 5}
        store: {kind: simulated}
        workload:
          duration: 30s
          tasks: {count: 2, steps: 100, stepDuration: 100ms, lockTtl: 2s}
        schedule:
          - {name: pause-one, action: pause, at: 2s, duration: 20s, selector: {mode: one, role: any}}
          - {name: cut-one, action: partition, at: 2s, duration: 20s, selector: {mode: one, role: any}}
          - {name: slow-all, action: latency, at: 2s, duration: 20s, latency: 300ms, selector: {mode: all}}
        probes:
          - {name: progress, kind: tasks-progressing, mode: continuous, interval: 500ms, tolerance: 1s, abortOnFailure: true}
        """;

    [Fact]
    public void RunAsync_CancelledWhileFaultsInForce_ResumesHealsAndReportsCancellation()
    {
        var (target, result) = RunCancelledAt(TimeSpan.FromSeconds(5), withProbe: false);

        Assert.Contains("cancelled", result.AbortReason);
        AssertNothingLeftBroken(target, result);
    }

    [Fact]
    public void RunAsync_SteadyStateLostBeyondTolerance_AbortsEarlyAndHeals()
    {
        // Every replica slowed by 3 s per call against a 2 s call timeout: no task can progress, the probe aborts.
        var plan = Load(Plan.Replace("latency: 300ms", "latency: 3s"));
        var loop = new SimulationLoop();
        var target = new SimulationTarget(loop, PlanWorkload.ToReplicaOptions(plan), 3, 1, 5);
        ChaosRunResult? result = null;
        loop.Run(async () => result = await new ChaosController(target, plan, new ChaosRunOptions { Seed = 5 }).RunAsync(CancellationToken.None), TimeSpan.FromMinutes(10));

        Assert.NotNull(result!.AbortReason);
        Assert.Contains("progress", result.AbortReason);
        Assert.True(result.Elapsed < plan.Workload.Duration, $"the run went on for {result.Elapsed} despite the abort");
        AssertNothingLeftBroken(target, result);
    }

    private static (SimulationTarget Target, ChaosRunResult Result) RunCancelledAt(TimeSpan at, bool withProbe)
    {
        var plan = Load(withProbe ? Plan : Plan[..Plan.IndexOf("probes:", StringComparison.Ordinal)]);
        var loop = new SimulationLoop();
        var target = new SimulationTarget(loop, PlanWorkload.ToReplicaOptions(plan), 3, 1, 5);
        ChaosRunResult? result = null;
        loop.Run(async () =>
        {
            using var ctrlC = new CancellationTokenSource(at, loop.Clock);
            result = await new ChaosController(target, plan, new ChaosRunOptions { Seed = 5 }).RunAsync(ctrlC.Token);
        }, TimeSpan.FromMinutes(10));
        return (target, result!);
    }

    private static void AssertNothingLeftBroken(SimulationTarget target, ChaosRunResult result)
    {
        Assert.All(target.ReplicaSet.All, r => Assert.False(r.Process.Paused, $"{r.Name} was left paused"));
        Assert.All(target.ReplicaSet.All, r => Assert.False(r.Client.Partitioned, $"{r.Name} was left partitioned"));
        Assert.All(target.ReplicaSet.All, r => Assert.Equal(TimeSpan.Zero, r.Client.ExtraLatency));
        var chaos = result.Entries.Where(e => e.Process == "chaos").Select(e => e.Op).ToList();
        Assert.Contains(HistoryOps.ChaosPrefix + "resume", chaos);
        Assert.Contains(HistoryOps.ChaosPrefix + "heal", chaos);
    }

    private static ChaosPlan Load(string yaml)
    {
        var result = ChaosPlanLoader.LoadText(yaml, "undo.yaml");
        Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
        return result.Plan!;
    }
}
