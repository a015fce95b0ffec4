using ResilienceLab.Simulation;

namespace ResilienceLab.Coordination.Tests.Contract;

/// <summary>The twin's injected request failures, the counterpart of <see cref="Etcd.InjectedStoreFaultTests"/>.</summary>
public sealed class SimulatedClientFaultTests : IDisposable
{
    private readonly VirtualClock _clock = new();
    private readonly SimulatedStore _store;

    public SimulatedClientFaultTests() => _store = new SimulatedStore(_clock);

    private SimulatedKeyValueStore Client(string name) =>
        _store.CreateClient(name, new SimulatedClientOptions { Latency = TimeSpan.Zero, LatencyJitter = TimeSpan.Zero });

    [Fact]
    public async Task PutAsync_RequestFailureCertain_ThrowsUnavailableAtOnceAndAppliesNothing()
    {
        var faulty = Client("faulty");
        faulty.FailRequestProbability = 1;

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => faulty.PutAsync("/k", "v"));

        Assert.Contains("injected", error.Message, StringComparison.Ordinal);
        Assert.Empty((await Client("reader").GetAsync("/k")).Kvs);
    }

    [Fact]
    public async Task PutAsync_RequestFailureThreeTenths_FailsAboutThatShareAndTheRestApply()
    {
        var faulty = Client("faulty");
        faulty.FailRequestProbability = 0.3;
        var failed = 0;
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await faulty.PutAsync("/k", "v");
            }
            catch (StoreUnavailableException)
            {
                failed++;
            }
        }

        Assert.InRange(failed, 40, 80);
        Assert.Equal(200 - failed, (await Client("reader").GetAsync("/k")).Single!.Version);
    }

    public void Dispose() => _store.Dispose();
}
