using ResilienceLab.Simulation;
using Xunit.Abstractions;

namespace ResilienceLab.Coordination.Tests.Primitives;

public sealed class CasRegisterScenarioTests(ITestOutputHelper output)
{
    private const int Contenders = 5;

    [Fact]
    public void UpdateAsync_FiveContendersInVirtualTime_NoIncrementLost()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var random = new DeterministicRandom(7);
        loop.Run(async () =>
        {
            async Task ContendAsync(int who)
            {
                var register = new CasRegister(store.CreateClient($"c{who}"), "/counter");
                var retry = CasRegister.ConflictRetry(loop.Clock, random.Fork($"c{who}"));
                for (var i = 0; i < 20; i++)
                {
                    await register.UpdateAsync(v => ((long.TryParse(v, out var n) ? n : 0) + 1).ToString(), retry);
                }

                output.WriteLine($"c{who} done at {loop.Clock.Elapsed}");
            }

            await Task.WhenAll(Enumerable.Range(0, Contenders).Select(ContendAsync));
            var final = await store.CreateClient("reader").GetAsync("/counter");
            Assert.Equal((Contenders * 20).ToString(), final.Single!.Value);
        }, TimeSpan.FromMinutes(10));
        Assert.Equal(0, loop.ForeignPosts);
    }
}
