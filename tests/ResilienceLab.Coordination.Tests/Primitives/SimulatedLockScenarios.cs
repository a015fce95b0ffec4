using ResilienceLab.Simulation;

namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>The lock and election scenarios on the simulated store, in virtual time on a <see cref="SimulationLoop"/>.</summary>
public sealed class SimulatedLockScenarios : DistributedLockScenarios
{
    protected override void Run(Func<ScenarioContext, Task> body)
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var ctx = new ScenarioContext(name => store.CreateClient(name), loop.Clock, "/test", TimeSpan.FromSeconds(2));
        loop.Run(async () =>
        {
            await body(ctx);
            await ctx.DisposeClientsAsync();
        }, timeLimit: TimeSpan.FromHours(1));
    }
}
