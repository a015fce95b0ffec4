using dotnet_etcd;
using Etcdserverpb;
using ResilienceLab.Coordination.Etcd;

using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>
/// How <see cref="EtcdKeyValueStore"/> maps real failures: each test gets its own etcd member to pause, kill or
/// restart, so these run in parallel with the shared-etcd contract suite.
/// </summary>
public sealed class EtcdKeyValueStoreFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan ShortCallTimeout = TimeSpan.FromMilliseconds(300);

    private EtcdCluster _cluster = null!;

    private EtcdServerProcess Member => _cluster.Members[0];

    public async Task InitializeAsync() => _cluster = await EtcdCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task PutAsync_ServerPausedPastCallTimeout_ThrowsIndeterminateOutcome()
    {
        await using var store = CreateStore(maxRetries: 3);
        await store.GetAsync("/fault/warm-up");
        await Member.PauseAsync();
        try
        {
            var error = await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => store.PutAsync("/fault/k", "v"));

            Assert.Equal(("put", "/fault/k"), (error.Operation, error.Key));
        }
        finally
        {
            Member.Resume();
        }

        // Once thawed, the same client works again. Whether the lost put applied is exactly what nobody can know — it
        // may even apply after a later put to its key (etcd serves each gRPC stream on its own goroutine), so the
        // check uses another key.
        var after = await store.PutAsync("/fault/k-after", "v2");
        Assert.Equal("v2", (await store.GetAsync("/fault/k-after")).Single!.Value);
        Assert.True(after.Revision > 1);
    }

    [Fact]
    public async Task MutationsAsync_ServerPaused_AllThrowIndeterminateNeverRetried()
    {
        await using var store = CreateStore(maxRetries: 3);
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        await Member.PauseAsync();
        var started = TimeProvider.System.GetTimestamp();
        try
        {
            await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => store.DeleteAsync("/fault/k"));
            await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => store.TxnAsync(TxnRequest.If().Then(new TxnOp.Put("/fault/t", "v"))));
            await Assert.ThrowsAsync<IndeterminateOutcomeException>(() => store.RevokeLeaseAsync(lease.Id));
        }
        finally
        {
            Member.Resume();
        }

        // One attempt each (3 × 300 ms); retried like reads (3 retries each) they would take at least 3.6 s.
        Assert.InRange(TimeProvider.System.GetElapsedTime(started), TimeSpan.FromMilliseconds(850), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ReadsAsync_ServerPaused_ThrowStoreUnavailableAfterRetries()
    {
        await using var store = CreateStore(maxRetries: 1);
        await store.GetAsync("/fault/warm-up");
        await Member.PauseAsync();
        try
        {
            var get = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("/fault/k"));
            var readOnlyTxn = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.TxnAsync(TxnRequest.If().Then(new TxnOp.Get("/fault/k"))));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => store.TimeToLiveAsync(1));

            Assert.Contains("call timeout of 300 ms", get.Message, StringComparison.Ordinal);
            Assert.IsNotType<IndeterminateOutcomeException>(readOnlyTxn);
        }
        finally
        {
            Member.Resume();
        }
    }

    [Fact]
    public async Task PutAsync_NothingListening_ThrowsStoreUnavailableNotIndeterminate()
    {
        await using var store = new EtcdKeyValueStore(new EtcdStoreOptions { Endpoints = [DeadEndpoint()], MaxRetries = 2, CallTimeout = ShortCallTimeout });

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.PutAsync("/fault/k", "v"));

        Assert.Contains("was not applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutAndGetAsync_FirstEndpointRefusesConnections_FailOverToTheNext()
    {
        await using var store = new EtcdKeyValueStore(new EtcdStoreOptions
        {
            Endpoints = [DeadEndpoint(), Member.ClientUrl],
            MaxRetries = 2,

            // A refused connect fails at once, but the first call of a fresh process also JIT-compiles the gRPC stack
            // (measured: > 300 ms on a loaded 2-core machine), and a put that times out is rightly indeterminate.
            CallTimeout = TimeSpan.FromSeconds(10),
        });

        // A refused connection sent nothing, so even the put is safely retried on the next member.
        var put = await store.PutAsync("/fault/failover", "v");

        Assert.Equal(put.Revision, (await store.GetAsync("/fault/failover")).Single!.ModRevision);
        Assert.Equal(Member.ClientUrl, store.CurrentEndpoint);
    }

    [Fact]
    public async Task PutAsync_AfterServerKillAndRestart_DataSurvivesAndClientReconnects()
    {
        await using var store = CreateStore(maxRetries: 3);
        var put = await store.PutAsync("/fault/durable", "v");
        var pid = Member.ProcessId;

        await Member.KillAsync();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.GetAsync("/fault/durable"));
        await Member.RestartAsync();

        Assert.NotEqual(pid, Member.ProcessId);
        Assert.Equal(put.Revision, (await store.GetAsync("/fault/durable")).Single!.ModRevision);
        Assert.Equal(put.Revision + 1, (await store.PutAsync("/fault/durable", "v2")).Revision);
    }

    [Fact]
    public async Task WatchAsync_ServerKilledAndRestarted_ResumesWithoutLosingOrRepeatingEvents()
    {
        await using var store = _cluster.CreateStore(o =>
        {
            o.MaxRetries = 20;
            o.CallTimeout = TimeSpan.FromSeconds(1);
        });
        var first = await store.PutAsync("/fault/w/k", "1");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), TimeProvider.System);
        await using var watch = store.WatchAsync("/fault/w/", prefix: true, first.Revision, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        Assert.True(await watch.MoveNextAsync());
        var seen = new List<string> { watch.Current.Kv.Value };

        await Member.KillAsync();
        await Member.RestartAsync();
        await store.PutAsync("/fault/w/k", "2");
        await store.PutAsync("/fault/w/k", "3");
        while (seen.Count < 3 && await watch.MoveNextAsync())
        {
            seen.Add(watch.Current.Kv.Value);
        }

        Assert.Equal(["1", "2", "3"], seen);
    }

    [Fact]
    public async Task WatchAsync_FromCompactedRevision_ThrowsRevisionCompacted()
    {
        await using var store = CreateStore(maxRetries: 1);
        var first = await store.PutAsync("/fault/c", "1");
        await store.PutAsync("/fault/c", "2");
        var third = await store.PutAsync("/fault/c", "3");
        using (var raw = new EtcdClient(Member.ClientUrl))
        {
            await raw.CompactAsync(new CompactionRequest { Revision = third.Revision, Physical = true });
        }

        var error = await Assert.ThrowsAsync<RevisionCompactedException>(async () =>
        {
            await foreach (var _ in store.WatchAsync("/fault/c", startRevision: first.Revision))
            {
            }
        });

        Assert.Equal((first.Revision, third.Revision), (error.Requested, error.CompactRevision));
    }

    [Fact]
    public async Task DisposeAsync_Store_LaterCallsThrowObjectDisposed()
    {
        var store = CreateStore(maxRetries: 0);
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.GetAsync("/fault/k"));
    }

    private EtcdKeyValueStore CreateStore(int maxRetries) =>
        _cluster.CreateStore(o =>
        {
            o.CallTimeout = ShortCallTimeout;
            o.MaxRetries = maxRetries;
        });

    // A port that was free a moment ago: connecting to it is refused.
    private static string DeadEndpoint()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
