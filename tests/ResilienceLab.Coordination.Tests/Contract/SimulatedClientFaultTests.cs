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

    [Fact]
    public async Task PutAsync_SentIntoPartitionAndLost_ThrowsIndeterminateAndNeverApplies()
    {
        // As on etcd (EtcdKeyValueStoreFaultTests: a put to a frozen member ends indeterminate): the client cannot tell a
        // request lost in the cut from a lost reply, so a mutation is unknown, not failed — although this one never applied.
        var cut = Client("cut", held: 0);
        cut.Partitioned = true;

        var put = cut.PutAsync("/k", "stale");
        await RunUntilAsync(put);
        await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => put);
        cut.Partitioned = false;
        await RunForAsync(TimeSpan.FromSeconds(1));

        Assert.Empty((await Client("reader").GetAsync("/k")).Kvs);
    }

    [Fact]
    public async Task PutAsync_SentIntoPartitionAndHeld_AppliesLateAfterTheHealOverANewerWrite()
    {
        // The stale request fencing exists for: sent before a take-over, delivered after it.
        var cut = Client("cut", held: 1);
        cut.Partitioned = true;
        var put = cut.PutAsync("/k", "stale");
        await RunUntilAsync(put);
        await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => put);
        Assert.Equal(1, cut.HeldRequests);
        await Client("successor").PutAsync("/k", "new");

        cut.Partitioned = false;
        await RunForAsync(TimeSpan.FromSeconds(1));

        Assert.Equal("stale", (await Client("reader").GetAsync("/k")).Single!.Value);
        Assert.Equal(0, cut.HeldRequests);
    }

    [Fact]
    public async Task TxnAsync_FencedWriteHeldInPartition_IsJudgedByItsCompareWhenItArrives()
    {
        var reader = Client("reader");
        var token = (await reader.PutAsync("/lock/holder", "a")).Revision;
        var cut = Client("cut", held: 1);
        cut.Partitioned = true;
        var fenced = cut.TxnAsync(TxnRequest.If(Compare.CreateRevisionIs("/lock/holder", CompareOperator.Equal, token)).Then(new TxnOp.Put("/k", "stale")));
        await RunUntilAsync(fenced);
        await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => fenced);

        // The lock changes hands while the request sits in the cut.
        await reader.DeleteAsync("/lock/holder");
        await reader.PutAsync("/lock/holder", "b");
        cut.Partitioned = false;
        await RunForAsync(TimeSpan.FromSeconds(1));

        Assert.Empty((await reader.GetAsync("/k")).Kvs);
    }

    [Fact]
    public async Task GetAsync_SentIntoPartition_ThrowsUnavailableNotIndeterminate()
    {
        var cut = Client("cut", held: 1);
        cut.Partitioned = true;

        var get = cut.GetAsync("/k");
        await RunUntilAsync(get);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => get);
    }

    public void Dispose() => _store.Dispose();

    private SimulatedKeyValueStore Client(string name, double held) =>
        _store.CreateClient(name, new SimulatedClientOptions { Latency = TimeSpan.Zero, LatencyJitter = TimeSpan.Zero, CallTimeout = TimeSpan.FromSeconds(2), HeldRequestProbability = held });

    /// <summary>Advances virtual time (bounded) until <paramref name="task"/> completes.</summary>
    private async Task RunUntilAsync(Task task)
    {
        for (var i = 0; i < 100 && !task.IsCompleted; i++)
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
    }

    private async Task RunForAsync(TimeSpan span)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < span; elapsed += TimeSpan.FromMilliseconds(100))
        {
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Yield();
        }
    }
}
