using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Simulation;
using ResilienceLab.Chaos.Targets;

namespace ResilienceLab.Chaos.Tests.Controller;

/// <summary>The live view's snapshots: taken every second of the run, with the roles the store gives and the faults in force.</summary>
public sealed class ChaosControllerSnapshotTests
{
    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: snapshots}
        target: {kind: simulation, replicas: 3, seed: 7}
        store: {kind: simulated}
        workload:
          duration: 30s
          tasks: {count: 2, steps: 400, stepDuration: 100ms, lockTtl: 2s}
          election: {ttl: 2s}
        schedule:
          - {name: pause-one, action: pause, at: 5s, duration: 10s, selector: {mode: one, role: any}}
          - {name: cut-one, action: partition, at: 5s, duration: 10s, selector: {mode: one, role: any}}
          - {name: kill-one, action: kill, at: 20s, selector: {mode: one, role: any}}
        """;

    [Fact]
    public void RunAsync_WithOnSnapshot_ReportsEverySecondWithRolesAndTheFaultsInForce()
    {
        var plan = ChaosPlanLoader.LoadText(Plan, "snapshots.yaml").Plan!;
        var loop = new SimulationLoop();
        var target = new SimulationTarget(loop, PlanWorkload.ToReplicaOptions(plan), 3, 1, 7);
        var snapshots = new List<RunSnapshot>();
        var options = new ChaosRunOptions { Seed = 7, OnSnapshot = snapshots.Add };
        ChaosRunResult? result = null;
        loop.Run(async () => result = await new ChaosController(target, plan, options).RunAsync(CancellationToken.None), TimeSpan.FromMinutes(10));

        Assert.Null(result!.AbortReason);
        Assert.InRange(snapshots.Count, 29, 32);
        Assert.All(snapshots.Zip(snapshots.Skip(1)), p => Assert.InRange(p.Second.At - p.First.At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.05)));

        // Never two leaders, a leader most of the time, and every held task lock shown on exactly one replica.
        Assert.All(snapshots, s => Assert.True(s.Replicas.Count(r => r.Roles.Contains("leader")) <= 1, $"two leaders at {s.At}"));
        Assert.True(snapshots.Count(s => s.Replicas.Any(r => r.Roles.Contains("leader"))) >= snapshots.Count * 3 / 4, "a leader was shown in under 3/4 of the snapshots");
        Assert.All(snapshots, s => Assert.All(s.Replicas.SelectMany(r => r.Roles).Where(x => x.StartsWith("task-", StringComparison.Ordinal)).GroupBy(x => x), g => Assert.Single(g)));
        Assert.Contains(snapshots, s => s.TaskProgress.Values.Sum() > 0);

        // While the faults are in force (5 s to 15 s) the paused and the partitioned replica carry their step's name.
        var during = snapshots.Where(s => s.At > TimeSpan.FromSeconds(6) && s.At < TimeSpan.FromSeconds(14)).ToList();
        Assert.NotEmpty(during);
        Assert.All(during, s =>
        {
            var paused = Assert.Single(s.Replicas, r => r.Paused);
            Assert.Contains("pause-one", paused.Faults);
            Assert.Single(s.Replicas, r => r.Faults.Contains("cut-one"));
        });
        Assert.All(snapshots.Where(s => s.At > TimeSpan.FromSeconds(16)), s => Assert.All(s.Replicas, r => Assert.Empty(r.Faults)));
        Assert.All(snapshots.Where(s => s.At > TimeSpan.FromSeconds(16)), s => Assert.DoesNotContain(s.Replicas, r => r.Paused));

        // The killed replica is gone from the snapshots after the kill; the replica set brings up a replacement.
        var before = snapshots.Last(s => s.At < TimeSpan.FromSeconds(19)).Replicas.Select(r => r.Name).ToHashSet();
        var after = snapshots.Last().Replicas.Select(r => r.Name).ToHashSet();
        Assert.Equal(3, before.Count);
        Assert.Single(before.Except(after));
        Assert.Single(after.Except(before));
    }
}
