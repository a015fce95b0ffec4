using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Simulation;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Tests.Controller;

/// <summary>
/// A holder that gives its lock up between its selection and the hit: the controller undoes an undoable hit at once and
/// aims again at the new holder, instead of reporting a step that missed its role.
/// </summary>
public sealed class ChaosControllerAimTests
{
    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata: {name: aim-again}
        target: {kind: simulation, replicas: 3, seed: 5}
        store: {kind: simulated}
        workload:
          duration: 20s
          tasks: {count: 1, steps: 400, stepDuration: 100ms, lockTtl: 2s}
        schedule:
          - {name: pause-holder, action: pause, at: 5s, duration: 3s, selector: {mode: one, role: lock-holder, task: 0}}
        """;

    [Fact]
    public void RunAsync_HolderReleasesJustBeforeThePause_ResumesItAndPausesTheNewHolder()
    {
        var loaded = ChaosPlanLoader.LoadText(Plan, "aim.yaml");
        var plan = loaded.Plan ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
        var loop = new SimulationLoop();
        var inner = new SimulationTarget(loop, PlanWorkload.ToReplicaOptions(plan), 3, 1, 5);
        var target = new ReleasingFirst(inner);
        ChaosRunResult? result = null;
        loop.Run(async () => result = await new ChaosController(target, plan, new ChaosRunOptions { Seed = 5 }).RunAsync(CancellationToken.None), TimeSpan.FromMinutes(10));

        var step = Assert.Single(result!.Steps);
        Assert.True(step.Succeeded, $"{step.Error} {step.Evidence}");
        Assert.Contains("aimed again", step.Evidence, StringComparison.Ordinal);
        Assert.NotEqual(target.FirstVictim, step.Target);
        var chaos = result.Entries.Where(e => e.Process == "chaos").ToList();
        Assert.Contains(chaos, e => e.Op == HistoryOps.ChaosPrefix + "resume" && e.Key == target.FirstVictim);
        Assert.Contains(chaos, e => e.Op == HistoryOps.ChaosPrefix + "resume" && e.Key == step.Target);
    }

    /// <summary>The simulation, except that the first pause deletes the victim's lock key first: it "released" a moment before the hit.</summary>
    private sealed class ReleasingFirst(SimulationTarget inner) : IChaosTarget, IReplicaPause
    {
        public string? FirstVictim { get; private set; }

        public TimeProvider Time => inner.Time;

        public ICoordinationBackend Coordination => inner.Coordination;

        public Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

        public IReadOnlyList<ReplicaState> Replicas() => inner.Replicas();

        public object? Capability(Type capability) => capability == typeof(IReplicaPause) ? this : inner.Capability(capability);

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        public Task<IReadOnlyList<HistoryEntry>> CollectHistoryAsync(CancellationToken cancellationToken) => inner.CollectHistoryAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        public async Task PauseAsync(string replica, CancellationToken cancellationToken)
        {
            if (FirstVictim is null)
            {
                FirstVictim = replica;
                var keys = await inner.Observer.GetAsync(WorkerConstants.TaskLocksPrefix + "0/", prefix: true, cancellationToken);
                var held = keys.Kvs.MinBy(kv => kv.CreateRevision)!;
                await inner.Observer.DeleteAsync(held.Key, cancellationToken: cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(50), Time, cancellationToken); // the next waiter takes the lock
            }

            await inner.PauseAsync(replica, cancellationToken);
        }

        public Task ResumeAsync(string replica, CancellationToken cancellationToken) => inner.ResumeAsync(replica, cancellationToken);
    }
}
