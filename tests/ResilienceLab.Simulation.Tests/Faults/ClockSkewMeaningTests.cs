using ResilienceLab.Chaos.Actions.ClockSkew;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.Hosting;

namespace ResilienceLab.Simulation.Tests.Faults;

/// <summary>
/// A clock-skew step means one thing on every target (<see cref="ClockSkewFault"/>): the replica's clock jumps by the skew
/// and drifts from there, a later step replaces it, heal restores the clock it had. The same steps go through the
/// simulation's translation (the replica's process clock) and a worker's (the fault-file line the local target writes,
/// applied by <see cref="FaultFile"/> to the worker's clock), and both clocks must read the same offset; Kubernetes
/// offers none.
/// </summary>
public sealed class ClockSkewMeaningTests
{
    private const string Replica = "replica-0";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(3);

    public static TheoryData<int, double, int, double> Sequences => new()
    {
        { 2000, -0.5, -500, 0.25 },
        { 0, -0.8, 1000, 0 },
        { -3000, 0.9, 0, -0.1 },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public async Task SetClockAsync_TwoStepsThenHeal_SimulationAndWorkerClocksReadTheSameOffset(int firstSkewMs, double firstDrift, int secondSkewMs, double secondDrift)
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var loop = new SimulationLoop();
        await using var simulation = new SimulationTarget(loop, PlanWorkload.ToReplicaOptions(plan), 2, 1, seed: 3);
        await simulation.StartAsync(CancellationToken.None);
        var clocks = simulation.Require<IReplicaClocks>(ChaosActionKind.ClockSkew);
        var replica = simulation.ReplicaSet.All.Single(r => r.Name == Replica).Process.FaultClock!;
        var workerTime = new VirtualClock();
        var worker = new SkewedTimeProvider(workerTime);

        foreach (var fault in new[] { Fault(firstSkewMs, firstDrift), Fault(secondSkewMs, secondDrift) })
        {
            await clocks.SetClockAsync(Replica, fault, CancellationToken.None);
            FaultFile.ApplyClock(FaultFile.Split(FaultFile.Compose(string.Empty, fault.FaultFileLine)).Clock, worker);
            AssertOffset(fault.OffsetAfter(TimeSpan.Zero), replica, worker);

            loop.Clock.Advance(Step);
            workerTime.Advance(Step);
            AssertOffset(fault.OffsetAfter(Step), replica, worker);
        }

        await simulation.Require<IReplicaFaults>(ChaosActionKind.Heal).HealAsync(Replica, CancellationToken.None);
        FaultFile.ApplyClock(string.Empty, worker); // what the local target writes on heal: no clock line

        AssertOffset(TimeSpan.Zero, replica, worker);
        Assert.False(replica.Skewed);
        Assert.False(worker.Skewed);
    }

    [Fact]
    public async Task SetClockAsync_ReplicaSetWithoutRuntimeClockFaults_RefusesAndTheClockIsTheMachineClock()
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        var loop = new SimulationLoop();
        await using var simulation = new SimulationTarget(loop, PlanWorkload.ToReplicaOptions(plan), 2, 1, seed: 3);
        simulation.ReplicaSet.ClockFaultsAtRuntime = false;
        await simulation.StartAsync(CancellationToken.None);
        var process = simulation.ReplicaSet.All.Single(r => r.Name == Replica).Process;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            simulation.Require<IReplicaClocks>(ChaosActionKind.ClockSkew).SetClockAsync(Replica, Fault(1000, 0), CancellationToken.None));

        Assert.Null(process.FaultClock);
        Assert.Same(process.MachineClock, process.Clock);
        Assert.Contains("no clock-skew step", error.Message);
        await simulation.Require<IReplicaFaults>(ChaosActionKind.Heal).HealAsync(Replica, CancellationToken.None);
    }

    [Theory]
    [InlineData("simulation-smoke.yaml", false)]
    [InlineData("slow-clock-lock-holder.yaml", true)]
    public void Run_PlanWithOrWithoutAClockSkewStep_GivesReplicasAFaultLayerOnlyWhenOneIsPlanned(string planFile, bool expected)
    {
        var plan = PlanFiles.Load(planFile);
        var layers = new List<bool>();
        var reference = ReferenceReplicaProgram.Factory(PlanWorkload.ToReplicaOptions(plan));

        var outcome = SimulationRun.Run(plan, seed: 1, context =>
        {
            layers.Add(context.Process.FaultClock is not null);
            return reference(context);
        });

        Assert.True(outcome.Verdict.Passed);
        Assert.NotEmpty(layers);
        Assert.All(layers, layer => Assert.Equal(expected, layer));
    }

    [Fact]
    public void WhyNot_Kubernetes_RefusesClockSkewWithAndWithoutTheAgent()
    {
        Assert.Contains("node's clock", TargetCapabilities.WhyNot(TargetKind.Kubernetes, agent: true, ChaosActionKind.ClockSkew));
        Assert.NotNull(TargetCapabilities.WhyNot(TargetKind.Kubernetes, agent: false, ChaosActionKind.ClockSkew));
        Assert.True(TargetCapabilities.Supports(TargetKind.Local, agent: false, ChaosActionKind.ClockSkew));
        Assert.True(TargetCapabilities.Supports(TargetKind.Simulation, agent: false, ChaosActionKind.ClockSkew));
    }

    [Fact]
    public void Of_StepWithDriftOnly_HasNoSkew()
    {
        var fault = ClockSkewFault.Of(new ChaosStep { Name = "slow", Action = ChaosActionKind.ClockSkew, Arguments = new ClockSkewArguments { Drift = -0.5 } });

        Assert.Equal(new ClockSkewFault(TimeSpan.Zero, -0.5), fault);
        Assert.Equal(TimeSpan.FromSeconds(-5), fault.OffsetAfter(TimeSpan.FromSeconds(10)));
    }

    private static ClockSkewFault Fault(int skewMs, double drift) => new(TimeSpan.FromMilliseconds(skewMs), drift);

    private static void AssertOffset(TimeSpan expected, SkewedTimeProvider replica, SkewedTimeProvider worker)
    {
        // Within a tick: the clocks count in 100 ns ticks and floor a fractional drift.
        Assert.InRange(replica.Offset, expected - TimeSpan.FromTicks(1), expected + TimeSpan.FromTicks(1));
        Assert.InRange(worker.Offset, expected - TimeSpan.FromTicks(1), expected + TimeSpan.FromTicks(1));
    }
}
