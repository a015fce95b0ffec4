namespace ResilienceLab.Coordination.Tests.Contract;

public abstract partial class KeyValueStoreContractTests
{
    [Fact]
    public async Task TxnAsync_SeveralWrites_BumpRevisionOnceAndShareIt()
    {
        await Store.PutAsync(K("c"), "old");
        var before = await CurrentRevisionAsync();

        var txn = await Store.TxnAsync(TxnRequest.If().Then(
            new TxnOp.Put(K("a"), "1"), new TxnOp.Put(K("b"), "2"), new TxnOp.Delete(K("c"))));

        Assert.True(txn.Succeeded);
        Assert.Equal(before + 1, txn.Revision);
        Assert.Equal(txn.Revision, await CurrentRevisionAsync());
        var kvs = (await Store.GetAsync(KeyPrefix, prefix: true)).Kvs;
        Assert.Equal([(K("a"), txn.Revision), (K("b"), txn.Revision)], kvs.Select(kv => (kv.Key, kv.ModRevision)));
    }

    [Fact]
    public async Task TxnAsync_ThenBranch_ReturnsOneResultPerOpInOrder()
    {
        await Store.PutAsync(K("a"), "old-a");
        await Store.PutAsync(K("d"), "old-d");

        var txn = await Store.TxnAsync(TxnRequest.If(Compare.ValueIs(K("a"), CompareOperator.Equal, "old-a"))
            .Then(new TxnOp.Put(K("a"), "new-a"), new TxnOp.Get(K("a")), new TxnOp.Delete(K("d")), new TxnOp.Delete(K("missing")))
            .Else(new TxnOp.Put(K("else"), "never")));

        Assert.True(txn.Succeeded);
        Assert.Collection(
            txn.Responses,
            r => Assert.Equal("old-a", Assert.IsType<PutResult>(r).PrevKv!.Value),
            r => Assert.Equal("new-a", Assert.Single(Assert.IsType<RangeResult>(r).Kvs).Value),
            r => Assert.Equal(["old-d"], Assert.IsType<DeleteResult>(r).PrevKvs.Select(kv => kv.Value)),
            r => Assert.Equal(0, Assert.IsType<DeleteResult>(r).Deleted));
        Assert.All(txn.Responses, r => Assert.Equal(txn.Revision, r.Revision));
        Assert.Empty((await Store.GetAsync(K("else"))).Kvs);
    }

    [Fact]
    public async Task TxnAsync_FailedCompare_RunsElseBranchOnly()
    {
        await Store.PutAsync(K("a"), "actual");

        var txn = await Store.TxnAsync(TxnRequest.If(Compare.ValueIs(K("a"), CompareOperator.Equal, "expected"))
            .Then(new TxnOp.Put(K("then"), "1"))
            .Else(new TxnOp.Put(K("else1"), "1"), new TxnOp.Put(K("else2"), "2"), new TxnOp.Get(K("a"))));

        Assert.False(txn.Succeeded);
        Assert.Equal(3, txn.Responses.Count);
        Assert.Equal("actual", Assert.IsType<RangeResult>(txn.Responses[2]).Single!.Value);
        Assert.Empty((await Store.GetAsync(K("then"))).Kvs);
        Assert.Equal([K("else1"), K("else2")], (await Store.GetAsync(K("else"), prefix: true)).Kvs.Select(kv => kv.Key));
    }

    [Fact]
    public async Task TxnAsync_FailedCompareWithOnlyReadsInElse_DoesNotBumpRevision()
    {
        var put = await Store.PutAsync(K("a"), "actual");

        var txn = await Store.TxnAsync(TxnRequest.If(Compare.ValueIs(K("a"), CompareOperator.Equal, "expected"))
            .Then(new TxnOp.Put(K("a"), "changed"))
            .Else(new TxnOp.Get(K("a"))));

        Assert.False(txn.Succeeded);
        Assert.Equal(put.Revision, txn.Revision);
        Assert.Equal(put.Revision, await CurrentRevisionAsync());
        Assert.Equal(put.Revision, Assert.IsType<RangeResult>(Assert.Single(txn.Responses)).Revision);
    }

    [Fact]
    public async Task TxnAsync_NoComparesNoOps_SucceedsWithoutBumpingRevision()
    {
        var put = await Store.PutAsync(K("a"), "v");

        var txn = await Store.TxnAsync(TxnRequest.If());

        Assert.True(txn.Succeeded);
        Assert.Empty(txn.Responses);
        Assert.Equal(put.Revision, txn.Revision);
    }

    [Fact]
    public async Task TxnAsync_OnlyDeletesOfMissingKeys_DoesNotBumpRevision()
    {
        var put = await Store.PutAsync(K("a"), "v");

        var txn = await Store.TxnAsync(TxnRequest.If().Then(new TxnOp.Delete(K("missing")), new TxnOp.Delete(K("gone/"), Prefix: true)));

        Assert.True(txn.Succeeded);
        Assert.Equal(put.Revision, txn.Revision);
        Assert.Equal(put.Revision, await CurrentRevisionAsync());
    }

    [Fact]
    public async Task TxnAsync_GetBeforeAndAfterPut_SeesOldThenOwnWriteAtTheirRevisions()
    {
        var old = await Store.PutAsync(K("k"), "old");

        var txn = await Store.TxnAsync(TxnRequest.If().Then(
            new TxnOp.Get(K("k")), new TxnOp.Put(K("k"), "new"), new TxnOp.Get(K("k"))));

        // etcd reads a write txn at its start revision until the first write, then at the txn's revision.
        var before = Assert.IsType<RangeResult>(txn.Responses[0]);
        var after = Assert.IsType<RangeResult>(txn.Responses[2]);
        Assert.Equal(old.Revision + 1, txn.Revision);
        Assert.Equal((old.Revision, "old", 1L), (before.Revision, before.Single!.Value, before.Single.Version));
        Assert.Equal((txn.Revision, "new", 2L, txn.Revision), (after.Revision, after.Single!.Value, after.Single.Version, after.Single.ModRevision));
        Assert.Equal(txn.Revision, txn.Responses[1].Revision);
    }

    [Fact]
    public async Task TxnAsync_GetAfterDeleteInSameTxn_SeesKeyGone()
    {
        await Store.PutAsync(K("k"), "v");

        var txn = await Store.TxnAsync(TxnRequest.If().Then(new TxnOp.Delete(K("k")), new TxnOp.Get(K("k"))));

        Assert.Empty(Assert.IsType<RangeResult>(txn.Responses[1]).Kvs);
    }

    [Fact]
    public async Task TxnAsync_PutOnExistingKey_ReturnsPrevKv()
    {
        var first = await Store.PutAsync(K("k"), "v1");

        var txn = await Store.TxnAsync(TxnRequest.If().Then(new TxnOp.Put(K("k"), "v2")));

        Assert.Equal(new KeyValue(K("k"), "v1", first.Revision, first.Revision, 1, 0), Assert.IsType<PutResult>(Assert.Single(txn.Responses)).PrevKv);
    }

    [Fact]
    public async Task TxnAsync_TwoPutsOfOneKeyInOneBranch_ThrowsArgumentExceptionAndAppliesNothing()
    {
        var put = await Store.PutAsync(K("other"), "v");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.TxnAsync(TxnRequest.If().Then(
            new TxnOp.Put(K("k"), "1"), new TxnOp.Put(K("k"), "2"))));

        Assert.Empty((await Store.GetAsync(K("k"))).Kvs);
        Assert.Equal(put.Revision, await CurrentRevisionAsync());
    }

    [Fact]
    public async Task TxnAsync_PutInsideDeletedPrefixInOneBranch_ThrowsArgumentException()
    {
        await Store.PutAsync(K("p/a"), "1");

        await Assert.ThrowsAsync<ArgumentException>(() => Store.TxnAsync(TxnRequest.If().Then(
            new TxnOp.Delete(K("p/"), Prefix: true), new TxnOp.Put(K("p/b"), "2"))));

        Assert.Equal([K("p/a")], (await Store.GetAsync(K("p/"), prefix: true)).Kvs.Select(kv => kv.Key));
    }

    [Fact]
    public async Task TxnAsync_TwoDeletesOfOneKey_AreAllowed()
    {
        await Store.PutAsync(K("k"), "v");

        var txn = await Store.TxnAsync(TxnRequest.If().Then(new TxnOp.Delete(K("k")), new TxnOp.Delete(K("k"))));

        Assert.Equal([1L, 0L], txn.Responses.Select(r => Assert.IsType<DeleteResult>(r).Deleted));
    }

    [Fact]
    public async Task TxnAsync_SameKeyInThenAndElse_IsAllowed()
    {
        var txn = await Store.TxnAsync(TxnRequest.If(Compare.Missing(K("k")))
            .Then(new TxnOp.Put(K("k"), "then"))
            .Else(new TxnOp.Put(K("k"), "else")));

        Assert.True(txn.Succeeded);
        Assert.Equal("then", (await Store.GetAsync(K("k"))).Single!.Value);
    }

    [Fact]
    public async Task TxnAsync_CreateIfAbsentTwice_SecondSeesTheFirstAndFails()
    {
        var create = TxnRequest.If(Compare.Missing(K("lock"))).Then(new TxnOp.Put(K("lock"), "me")).Else(new TxnOp.Get(K("lock")));

        var first = await Store.TxnAsync(create);
        var second = await Store.TxnAsync(create with { Success = [new TxnOp.Put(K("lock"), "you")] });

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        var holder = Assert.IsType<RangeResult>(Assert.Single(second.Responses)).Single!;
        Assert.Equal(("me", first.Revision), (holder.Value, holder.CreateRevision));
    }
}
