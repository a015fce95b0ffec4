using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Hosting;

namespace ResilienceLab.Simulation.Tests.Faults;

/// <summary>
/// A store-fault step means one thing on every target (<see cref="StoreFault"/>): a replica's one store fault, a later step
/// replacing an earlier one of either kind, heal clearing it. The same steps go through the simulation's translation
/// (its client's two chances) and a worker's (the fault-file line the local target and the agent write, applied by
/// <see cref="InjectedStoreFaults"/>), and must leave the same two chances in force after each step.
/// </summary>
public sealed class StoreFaultMeaningTests
{
    private const string Replica = "replica-0";

    public static TheoryData<StoreFaultKind, double, StoreFaultKind, double> Sequences => new()
    {
        { StoreFaultKind.Unavailable, 0.3, StoreFaultKind.Indeterminate, 0.5 },
        { StoreFaultKind.Indeterminate, 0.1, StoreFaultKind.Unavailable, 1 },
        { StoreFaultKind.Unavailable, 1, StoreFaultKind.Unavailable, 0.25 },
    };

    [Theory]
    [MemberData(nameof(Sequences))]
    public async Task SetStoreFaultAsync_TwoStepsThenHeal_SimulationAndWorkerHoldTheSameChances(StoreFaultKind firstKind, double first, StoreFaultKind secondKind, double second)
    {
        var plan = PlanFiles.Load("simulation-smoke.yaml");
        await using var simulation = new SimulationTarget(new SimulationLoop(), PlanWorkload.ToReplicaOptions(plan), 2, 1, seed: 3);
        await simulation.StartAsync(CancellationToken.None);
        var faults = simulation.Require<IReplicaFaults>(ChaosActionKind.StoreFault);
        var client = simulation.ReplicaSet.All.Single(r => r.Name == Replica).Client;
        var worker = new InjectedStoreFaults();

        foreach (var fault in new[] { new StoreFault(firstKind, first), new StoreFault(secondKind, second) })
        {
            await faults.SetStoreFaultAsync(Replica, fault.Kind, fault.Probability, CancellationToken.None);
            worker.Apply(fault.FaultFileLine(seed: 7));

            Assert.Equal((fault.RequestFailure, fault.ReplyLoss), (client.FailRequestProbability, client.DropReplyProbability));
            Assert.Equal((fault.RequestFailure, fault.ReplyLoss), (worker.RequestFailure, worker.ReplyLoss));
        }

        await faults.HealAsync(Replica, CancellationToken.None);
        worker.Apply(string.Empty); // what the local target writes on heal

        Assert.Equal((0.0, 0.0), (client.FailRequestProbability, client.DropReplyProbability));
        Assert.Equal((0.0, 0.0), (worker.RequestFailure, worker.ReplyLoss));
    }

    [Fact]
    public void Of_StepWithoutFaultOrProbability_IsUnavailableAlways()
    {
        var fault = StoreFault.Of(new ChaosStep { Name = "refuse", Action = ChaosActionKind.StoreFault, Arguments = new StoreFaultArguments() });

        Assert.Equal(new StoreFault(StoreFaultKind.Unavailable, 1), fault);
        Assert.Equal((1.0, 0.0), (fault.RequestFailure, fault.ReplyLoss));
    }
}
