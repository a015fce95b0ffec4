using ResilienceLab.Coordination.Etcd;

using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>Faults injected into a real etcd client's calls (a plan's store-fault step on a local replica).</summary>
[Collection(EtcdCollection.Name)]
public sealed class InjectedStoreFaultTests(EtcdFixture fixture)
{
    private EtcdKeyValueStore Store(InjectedStoreFaults faults) =>
        new(new EtcdStoreOptions { Endpoints = [.. fixture.Endpoints], MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2), Faults = faults });

    private static string K(string name) => $"/faults/{Guid.NewGuid():N}/{name}";

    [Fact]
    public async Task PutAsync_RequestFailureCertain_ThrowsUnavailableAndAppliesNothing()
    {
        var faults = new InjectedStoreFaults();
        await using var store = Store(faults);
        var key = K("k");
        faults.Set(requestFailure: 1, replyLoss: 0, seed: 1);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PutAsync(key, "v"));

        faults.Clear();
        Assert.Contains("injected", error.Message, StringComparison.Ordinal);
        Assert.Empty((await store.GetAsync(key)).Kvs);
    }

    [Fact]
    public async Task PutAsync_ReplyLossCertain_ThrowsIndeterminateButTheWriteApplied()
    {
        var faults = new InjectedStoreFaults();
        await using var store = Store(faults);
        var key = K("k");
        faults.Set(requestFailure: 0, replyLoss: 1, seed: 1);

        await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => store.PutAsync(key, "v"));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync(key));

        faults.Clear();
        Assert.Equal("v", (await store.GetAsync(key)).Single!.Value);
    }

    [Fact]
    public async Task PutAsync_ReplyLossThreeTenths_LosesAboutThatShareReplayablyBySeed()
    {
        async Task<List<bool>> LostAsync(long seed)
        {
            var faults = new InjectedStoreFaults();
            await using var store = Store(faults);
            faults.Set(requestFailure: 0, replyLoss: 0.3, seed: seed);
            var lost = new List<bool>();
            var key = K("k");
            for (var i = 0; i < 200; i++)
            {
                try
                {
                    await store.PutAsync(key, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    lost.Add(false);
                }
                catch (IndeterminateOutcomeException)
                {
                    lost.Add(true);
                }
            }

            // Every put applied, lost reply or not.
            Assert.Equal(200, (await store.GetAsync(key)).Single!.Version);
            return lost;
        }

        var first = await LostAsync(42);
        var again = await LostAsync(42);

        Assert.InRange(first.Count(l => l), 40, 80);
        Assert.Equal(first, again);
    }

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("unavailable 0.25 seed=3", 0.25, 0)]
    [InlineData("indeterminate 1 seed=-5\n", 0, 1)]
    public void Apply_ControllerLine_SetsTheProbabilities(string text, double requestFailure, double replyLoss)
    {
        var faults = new InjectedStoreFaults();
        faults.Set(0.5, 0.5, 1);

        faults.Apply(text);

        Assert.Equal((requestFailure, replyLoss), (faults.RequestFailure, faults.ReplyLoss));
    }

    [Theory]
    [InlineData("unavailable", "expected '<unavailable|indeterminate> <probability 0..1> seed=<integer>'")]
    [InlineData("unavailable 1.5 seed=1", "expected")]
    [InlineData("lost 0.5 seed=1", "the kind must be 'unavailable' or 'indeterminate', not 'lost'")]
    public void Apply_BrokenLine_ThrowsNamingWhatWasExpectedAndKeepsTheFaults(string text, string expected)
    {
        var faults = new InjectedStoreFaults();
        faults.Set(0.2, 0, 1);

        var error = Assert.Throws<FormatException>(() => faults.Apply(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0.2, faults.RequestFailure);
    }

    [Fact]
    public async Task ReleaseAsync_EveryReplyLost_RetriesThenReportsUnknownButTheLockIsFree()
    {
        var faults = new InjectedStoreFaults();
        await using var store = Store(faults);
        await using var other = Store(new InjectedStoreFaults());
        var name = K("lock");
        var session = await Session.CreateAsync(store, new SessionOptions { Ttl = TimeSpan.FromSeconds(30) }, TimeProvider.System);
        var otherSession = await Session.CreateAsync(other, new SessionOptions { Ttl = TimeSpan.FromSeconds(30) }, TimeProvider.System);
        var held = await new DistributedLock(session, name).AcquireAsync();
        faults.Set(requestFailure: 0, replyLoss: 1, seed: 1);

        // Each attempt's delete applies (the first one removes the key) and each reply is lost: after the retries the
        // outcome is reported unknown, and the (guarded, idempotent) retries did no harm.
        await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => held.ReleaseAsync());

        faults.Clear();
        Assert.Empty((await other.GetAsync(held.Key)).Kvs);
        await using var next = await new DistributedLock(otherSession, name).TryAcquireAsync();
        Assert.NotNull(next);
        await otherSession.CloseAsync();
        await session.CloseAsync();
    }
}
