using ResilienceLab.Simulation;

namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>The backend tests on the simulated etcd twin, in virtual time on a <see cref="SimulationLoop"/>.</summary>
public sealed class SimulatedBackendTests : CoordinationBackendTests
{
    protected override void Run(Func<BackendContext, Task> body, TimeSpan ttl)
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var clients = 0;
        var ctx = new BackendContext(() => new EtcdCoordinationBackend(store.CreateClient($"c{clients++}"), loop.Clock, ownsStore: true), loop.Clock, "/backend", ttl);
        loop.Run(async () =>
        {
            await body(ctx);
            await ctx.DisposeBackendsAsync();
        }, timeLimit: TimeSpan.FromHours(1));
        Assert.Equal(0, loop.ForeignPosts);
    }
}
