namespace ResilienceLab.Coordination.Tests.Contract;

public abstract partial class KeyValueStoreContractTests
{
    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNoKvsAtCurrentRevision()
    {
        var put = await Store.PutAsync(K("other"), "v");

        var result = await Store.GetAsync(K("missing"));

        Assert.Empty(result.Kvs);
        Assert.Null(result.Single);
        Assert.Equal(put.Revision, result.Revision);
    }

    [Fact]
    public async Task GetAsync_ExactKey_DoesNotMatchLongerKeys()
    {
        await Store.PutAsync(K("k"), "short");
        await Store.PutAsync(K("k2"), "long");
        await Store.PutAsync(K("k/child"), "child");

        var result = await Store.GetAsync(K("k"));

        var kv = Assert.Single(result.Kvs);
        Assert.Equal((K("k"), "short"), (kv.Key, kv.Value));
    }

    [Fact]
    public async Task GetAsync_Prefix_ReturnsKeysUnderPrefixInUtf8ByteOrder()
    {
        // Inserted out of order; "B" (0x42) sorts before "a" (0x61), "é" (0xC3 0xA9) after "z" (0x7A).
        foreach (var name in new[] { "p/z", "p/é", "p/a/x", "p/B", "p/a", "p0", "p", "q/a" })
        {
            await Store.PutAsync(K(name), name);
        }

        var result = await Store.GetAsync(K("p/"), prefix: true);

        Assert.Equal([K("p/B"), K("p/a"), K("p/a/x"), K("p/z"), K("p/é")], result.Kvs.Select(kv => kv.Key));
        Assert.Equal(["p/B", "p/a", "p/a/x", "p/z", "p/é"], result.Kvs.Select(kv => kv.Value));
    }

    [Fact]
    public async Task GetAsync_PrefixWithNoKeys_ReturnsEmpty()
    {
        await Store.PutAsync(K("a"), "v");

        var result = await Store.GetAsync(K("b/"), prefix: true);

        Assert.Empty(result.Kvs);
    }

    [Fact]
    public async Task PutAsync_NewKey_CreatesVersionOneAtTheNewRevision()
    {
        var before = await CurrentRevisionAsync();

        var put = await Store.PutAsync(K("k"), "v1");
        var kv = (await Store.GetAsync(K("k"))).Single;

        Assert.Equal(before + 1, put.Revision);
        Assert.Null(put.PrevKv);
        Assert.Equal(new KeyValue(K("k"), "v1", put.Revision, put.Revision, 1, 0), kv);
    }

    [Fact]
    public async Task PutAsync_ExistingKey_KeepsCreateRevisionBumpsVersionAndReturnsPrevKv()
    {
        var first = await Store.PutAsync(K("k"), "v1");

        var second = await Store.PutAsync(K("k"), "v2");
        var kv = (await Store.GetAsync(K("k"))).Single;

        Assert.Equal(first.Revision + 1, second.Revision);
        Assert.Equal(new KeyValue(K("k"), "v1", first.Revision, first.Revision, 1, 0), second.PrevKv);
        Assert.Equal(new KeyValue(K("k"), "v2", first.Revision, second.Revision, 2, 0), kv);
    }

    [Fact]
    public async Task PutAsync_SameValueAgain_StillBumpsRevisionAndVersion()
    {
        var first = await Store.PutAsync(K("k"), "same");

        var second = await Store.PutAsync(K("k"), "same");

        Assert.Equal(first.Revision + 1, second.Revision);
        Assert.Equal(2, (await Store.GetAsync(K("k"))).Single!.Version);
    }

    [Fact]
    public async Task PutAsync_EmptyAndUnicodeValues_RoundTripAsUtf8()
    {
        await Store.PutAsync(K("empty"), "");
        await Store.PutAsync(K("ключ/🔑"), "värde ✓ 値");

        Assert.Equal("", (await Store.GetAsync(K("empty"))).Single!.Value);
        Assert.Equal("värde ✓ 値", (await Store.GetAsync(K("ключ/🔑"))).Single!.Value);
    }

    [Fact]
    public async Task PutAsync_ByTwoClients_BothSeeOneHistory()
    {
        var other = await NewStoreAsync();

        var first = await Store.PutAsync(K("k"), "from-a");
        var second = await other.PutAsync(K("k"), "from-b");

        Assert.Equal(first.Revision + 1, second.Revision);
        Assert.Equal("from-b", (await Store.GetAsync(K("k"))).Single!.Value);
        Assert.Equal("from-a", second.PrevKv!.Value);
    }

    [Fact]
    public async Task DeleteAsync_ExistingKey_ReturnsPrevKvAndBumpsRevision()
    {
        var put = await Store.PutAsync(K("k"), "v");

        var deleted = await Store.DeleteAsync(K("k"));

        Assert.Equal(put.Revision + 1, deleted.Revision);
        Assert.Equal(1, deleted.Deleted);
        Assert.Equal([new KeyValue(K("k"), "v", put.Revision, put.Revision, 1, 0)], deleted.PrevKvs);
        Assert.Empty((await Store.GetAsync(K("k"))).Kvs);
    }

    [Fact]
    public async Task DeleteAsync_MissingKey_DeletesNothingAndKeepsRevision()
    {
        var put = await Store.PutAsync(K("other"), "v");

        var deleted = await Store.DeleteAsync(K("missing"));

        Assert.Equal(0, deleted.Deleted);
        Assert.Empty(deleted.PrevKvs);
        Assert.Equal(put.Revision, deleted.Revision);
        Assert.Equal(put.Revision, await CurrentRevisionAsync());
    }

    [Fact]
    public async Task DeleteAsync_Prefix_DeletesEveryKeyUnderItAtOneRevisionInKeyOrder()
    {
        await Store.PutAsync(K("d/b"), "2");
        await Store.PutAsync(K("d/a"), "1");
        await Store.PutAsync(K("d0"), "outside");
        var last = await Store.PutAsync(K("d/c"), "3");

        var deleted = await Store.DeleteAsync(K("d/"), prefix: true);

        Assert.Equal(last.Revision + 1, deleted.Revision);
        Assert.Equal(3, deleted.Deleted);
        Assert.Equal([K("d/a"), K("d/b"), K("d/c")], deleted.PrevKvs.Select(kv => kv.Key));
        Assert.Equal("outside", (await Store.GetAsync(K("d0"))).Single!.Value);
    }

    [Fact]
    public async Task PutAsync_AfterDelete_RecreatesWithNewCreateRevisionAndVersionOne()
    {
        await Store.PutAsync(K("k"), "v1");
        await Store.PutAsync(K("k"), "v2");
        await Store.DeleteAsync(K("k"));

        var recreated = await Store.PutAsync(K("k"), "v3");

        Assert.Null(recreated.PrevKv);
        Assert.Equal(new KeyValue(K("k"), "v3", recreated.Revision, recreated.Revision, 1, 0), (await Store.GetAsync(K("k"))).Single);
    }
}
