namespace ResilienceLab.Coordination.Tests.Contract;

public abstract partial class KeyValueStoreContractTests
{
    [Fact]
    public async Task WatchAsync_FromPastRevision_ReplaysPutsAndDeletesInOrder()
    {
        var first = await Store.PutAsync(K("k"), "v1");
        var second = await Store.PutAsync(K("k"), "v2");
        var deleted = await Store.DeleteAsync(K("k"));

        var events = await CollectAsync(K("k"), prefix: false, first.Revision, 3);

        Assert.Equal(
            [
                PutEvent(new KeyValue(K("k"), "v1", first.Revision, first.Revision, 1, 0)),
                PutEvent(new KeyValue(K("k"), "v2", first.Revision, second.Revision, 2, 0)),
                DeleteEvent(K("k"), deleted.Revision),
            ],
            events);
    }

    [Fact]
    public async Task WatchAsync_FromMiddleRevision_StartsAtThatRevision()
    {
        await Store.PutAsync(K("k"), "v1");
        var second = await Store.PutAsync(K("k"), "v2");
        await Store.PutAsync(K("k"), "v3");

        var events = await CollectAsync(K("k"), prefix: false, second.Revision, 2);

        Assert.Equal(["v2", "v3"], events.Select(e => e.Kv.Value));
    }

    [Fact]
    public async Task WatchAsync_FromFutureRevision_DeliversNothingBeforeIt()
    {
        var start = await CurrentRevisionAsync() + 2;
        using var timeout = CreateWatchTimeout();
        await using var watch = Store.WatchAsync(K("k"), startRevision: start, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = watch.MoveNextAsync();

        await Store.PutAsync(K("k"), "before");
        var at = await Store.PutAsync(K("k"), "at");

        Assert.True(await first);
        Assert.Equal(("at", at.Revision), (watch.Current.Kv.Value, watch.Current.Kv.ModRevision));
    }

    [Fact]
    public async Task WatchAsync_FromNow_SeesLaterChangesOnly()
    {
        var earlier = await Store.PutAsync(K("k"), "earlier");
        using var timeout = CreateWatchTimeout();
        var created = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var watch = Store.WatchAsync(K("k"), created: r => created.TrySetResult(r), cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = watch.MoveNextAsync().AsTask();
        var createdAt = await WaitConfirmedAsync(created.Task);

        var later = await Store.PutAsync(K("k"), "later");

        Assert.True(await first);
        Assert.True(createdAt >= earlier.Revision, $"confirmed at {createdAt}, before the earlier put at {earlier.Revision}");
        Assert.Equal(("later", later.Revision), (watch.Current.Kv.Value, watch.Current.Kv.ModRevision));
    }

    [Fact]
    public async Task WatchAsync_Created_ReportsTheRevisionFromWhichChangesAreStreamed()
    {
        using var timeout = CreateWatchTimeout();
        var created = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var watch = Store.WatchAsync(K("w/"), prefix: true, created: r => { calls++; created.TrySetResult(r); }, cancellationToken: timeout.Token).GetAsyncEnumerator(timeout.Token);
        var first = watch.MoveNextAsync().AsTask();
        var createdAt = await WaitConfirmedAsync(created.Task);
        var current = await Store.GetAsync(K("w/"), prefix: true);

        // The watch-then-read pattern: a delete after the confirmation is streamed, whatever the read saw.
        await Store.PutAsync(K("w/a"), "1");
        var deleted = await Store.DeleteAsync(K("w/a"));

        Assert.True(await first);
        Assert.Equal(WatchEventType.Put, watch.Current.Type);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal((WatchEventType.Delete, deleted.Revision), (watch.Current.Type, watch.Current.Kv.ModRevision));
        Assert.True(createdAt <= current.Revision, $"confirmed at {createdAt}, after a later read at {current.Revision}");
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task WatchAsync_ManyWatchesOnOneClient_EachSeesOnlyItsKeyAndStoppedOnesStop()
    {
        // Watches of one client may share a connection (etcd: one multiplexed stream): they must not cross.
        const int count = 24;
        using var timeout = CreateWatchTimeout();
        var stops = Enumerable.Range(0, count).Select(_ => CancellationTokenSource.CreateLinkedTokenSource(timeout.Token)).ToArray();
        var watches = new List<IAsyncEnumerator<WatchEvent>>();
        var confirmations = new List<Task<long>>();
        for (var i = 0; i < count; i++)
        {
            var created = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            watches.Add(Store.WatchAsync(K($"many/{i}"), created: r => created.TrySetResult(r), cancellationToken: stops[i].Token).GetAsyncEnumerator(stops[i].Token));
            confirmations.Add(created.Task);
        }

        var firsts = watches.Select(w => w.MoveNextAsync().AsTask()).ToList();
        foreach (var confirmation in confirmations)
        {
            await WaitConfirmedAsync(confirmation);
        }

        var puts = new List<PutResult>();
        for (var i = 0; i < count; i++)
        {
            puts.Add(await Store.PutAsync(K($"many/{i}"), $"v{i}"));
        }

        for (var i = 0; i < count; i++)
        {
            Assert.True(await firsts[i]);
            Assert.Equal((K($"many/{i}"), puts[i].Revision), (watches[i].Current.Kv.Key, watches[i].Current.Kv.ModRevision));
        }

        // Stop the even ones; the odd ones still see their next change, and only theirs.
        for (var i = 0; i < count; i += 2)
        {
            stops[i].Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await watches[i].MoveNextAsync());
        }

        for (var i = 1; i < count; i += 2)
        {
            var next = watches[i].MoveNextAsync().AsTask();
            var deleted = await Store.DeleteAsync(K($"many/{i}"));
            Assert.True(await next);
            Assert.Equal((WatchEventType.Delete, deleted.Revision), (watches[i].Current.Type, watches[i].Current.Kv.ModRevision));
        }

        foreach (var watch in watches)
        {
            await watch.DisposeAsync();
        }

        foreach (var stop in stops)
        {
            stop.Dispose();
        }
    }

    /// <summary>Waits for a watch's confirmation, advancing virtual time where the store runs on it.</summary>
    private async Task<long> WaitConfirmedAsync(Task<long> created)
    {
        for (var i = 0; i < 2000 && !created.IsCompleted; i++)
        {
            await AdvanceAsync(TimeSpan.FromMilliseconds(5));
            await Task.Yield();
        }

        Assert.True(created.IsCompleted, "the watch was never confirmed");
        return await created;
    }

    [Fact]
    public async Task WatchAsync_Prefix_IgnoresKeysOutsideThePrefix()
    {
        var start = await CurrentRevisionAsync() + 1;
        await Store.PutAsync(K("p0"), "outside: shares the characters but not the slash");
        await Store.PutAsync(K("p/a"), "1");
        await Store.PutAsync(K("q/a"), "outside");
        await Store.PutAsync(K("p"), "outside: the prefix without its slash");
        await Store.PutAsync(K("p/b/c"), "2");

        var events = await CollectAsync(K("p/"), prefix: true, start, 2);

        Assert.Equal([K("p/a"), K("p/b/c")], events.Select(e => e.Kv.Key));
    }

    [Fact]
    public async Task WatchAsync_SingleKey_IgnoresLongerKeys()
    {
        var start = await CurrentRevisionAsync() + 1;
        await Store.PutAsync(K("k2"), "longer");
        await Store.PutAsync(K("k/child"), "longer");
        await Store.PutAsync(K("k"), "exact");

        var events = await CollectAsync(K("k"), prefix: false, start, 1);

        Assert.Equal(K("k"), Assert.Single(events).Kv.Key);
    }

    [Fact]
    public async Task WatchAsync_DeleteOfMissingKey_EmitsNothing()
    {
        var start = await CurrentRevisionAsync() + 1;
        await Store.DeleteAsync(K("k"));
        var put = await Store.PutAsync(K("k"), "v");

        var events = await CollectAsync(K("k"), prefix: false, start, 1);

        Assert.Equal(PutEvent(new KeyValue(K("k"), "v", put.Revision, put.Revision, 1, 0)), Assert.Single(events));
    }

    [Fact]
    public async Task WatchAsync_TxnWritingSeveralKeys_DeliversEventsInOpOrderAtOneRevision()
    {
        await Store.PutAsync(K("c"), "old");
        var start = await CurrentRevisionAsync() + 1;

        // Op order, not key order: etcd numbers a txn's changes by sub-revision in the order it applies them.
        var txn = await Store.TxnAsync(TxnRequest.If().Then(
            new TxnOp.Put(K("b"), "1"), new TxnOp.Delete(K("c")), new TxnOp.Put(K("a"), "2")));

        var events = await CollectAsync(KeyPrefix, prefix: true, start, 3);

        Assert.Equal(
            [(WatchEventType.Put, K("b")), (WatchEventType.Delete, K("c")), (WatchEventType.Put, K("a"))],
            events.Select(e => (e.Type, e.Kv.Key)));
        Assert.All(events, e => Assert.Equal(txn.Revision, e.Kv.ModRevision));
    }

    [Fact]
    public async Task WatchAsync_PrefixDelete_EmitsOneDeleteEventPerKeyInKeyOrder()
    {
        await Store.PutAsync(K("d/b"), "2");
        await Store.PutAsync(K("d/c"), "3");
        await Store.PutAsync(K("d/a"), "1");
        var start = await CurrentRevisionAsync() + 1;

        var deleted = await Store.DeleteAsync(K("d/"), prefix: true);
        var events = await CollectAsync(K("d/"), prefix: true, start, 3);

        Assert.Equal([DeleteEvent(K("d/a"), deleted.Revision), DeleteEvent(K("d/b"), deleted.Revision), DeleteEvent(K("d/c"), deleted.Revision)], events);
    }

    [Fact]
    public async Task WatchAsync_LeaseRevoked_EmitsDeleteEventsForItsKeysInKeyOrder()
    {
        var lease = await GrantAsync(MinimumLeaseTtl + TimeSpan.FromSeconds(30));
        await Store.PutAsync(K("z"), "1", lease.Id);
        await Store.PutAsync(K("a"), "2", lease.Id);
        await Store.PutAsync(K("m"), "3", lease.Id);
        var before = await CurrentRevisionAsync();

        await Store.RevokeLeaseAsync(lease.Id);
        var events = await CollectAsync(KeyPrefix, prefix: true, before + 1, 3);

        Assert.Equal([DeleteEvent(K("a"), before + 1), DeleteEvent(K("m"), before + 1), DeleteEvent(K("z"), before + 1)], events);
    }

    [Fact]
    public async Task WatchAsync_LeaseExpires_EmitsDeleteEventsLikeARevoke()
    {
        var lease = await GrantAsync(MinimumLeaseTtl);
        await Store.PutAsync(K("b"), "1", lease.Id);
        var last = await Store.PutAsync(K("a"), "2", lease.Id);
        var collecting = CollectAsync(KeyPrefix, prefix: true, last.Revision + 1, 2);

        await AdvanceAsync(MinimumLeaseTtl + LeaseExpirySlack);
        var events = await collecting;

        Assert.Equal([DeleteEvent(K("a"), last.Revision + 1), DeleteEvent(K("b"), last.Revision + 1)], events);
    }

    [Fact]
    public async Task WatchAsync_TwoWatchers_SeeTheSameSequence()
    {
        var start = await CurrentRevisionAsync() + 1;
        var other = await NewStoreAsync();
        await Store.PutAsync(K("x"), "1");
        await other.PutAsync(K("y"), "2");
        await Store.DeleteAsync(K("x"));

        var mine = await CollectAsync(KeyPrefix, prefix: true, start, 3);
        using var timeout = CreateWatchTimeout();
        var theirs = new List<WatchEvent>();
        await foreach (var change in other.WatchAsync(KeyPrefix, true, start, cancellationToken: timeout.Token))
        {
            theirs.Add(change);
            if (theirs.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(mine, theirs);
        Assert.Equal([start, start + 1, start + 2], mine.Select(e => e.Kv.ModRevision));
    }

    [Fact]
    public async Task WatchAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var watch = Store.WatchAsync(K("k"), cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = watch.MoveNextAsync().AsTask();

        await AdvanceAsync(TimeSpan.FromMilliseconds(100));
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await watch.DisposeAsync();
    }
}
