namespace ResilienceLab.Coordination.Tests.Contract;

public abstract partial class KeyValueStoreContractTests
{
    private TimeSpan LongTtl => MinimumLeaseTtl + TimeSpan.FromSeconds(30);

    [Fact]
    public async Task GrantLeaseAsync_WholeSecondsAboveMinimum_GrantsExactlyThatTtl()
    {
        var ttl = TimeSpan.FromSeconds(Math.Ceiling(MinimumLeaseTtl.TotalSeconds) + 2);

        var grant = await GrantAsync(ttl);

        Assert.NotEqual(0, grant.Id);
        Assert.Equal(ttl, grant.Ttl);
    }

    [Fact]
    public async Task GrantLeaseAsync_FractionalTtl_RoundsUpToWholeSeconds()
    {
        var grant = await GrantAsync(MinimumLeaseTtl + TimeSpan.FromMilliseconds(500));

        Assert.Equal(TimeSpan.FromSeconds(Math.Ceiling(MinimumLeaseTtl.TotalSeconds) + 1), grant.Ttl);
    }

    [Fact]
    public async Task GrantLeaseAsync_TtlBelowMinimum_IsRaisedToMinimum()
    {
        var grant = await GrantAsync(TimeSpan.FromMilliseconds(100));

        Assert.Equal(MinimumLeaseTtl, grant.Ttl);
    }

    [Fact]
    public async Task GrantLeaseAsync_Twice_GivesDistinctIds()
    {
        var first = await GrantAsync(LongTtl);
        var second = await GrantAsync(LongTtl);

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task PutAsync_WithLease_BindsKeyToLeaseAndListsItInTimeToLive()
    {
        var lease = await GrantAsync(LongTtl);

        await Store.PutAsync(K("b"), "2", lease.Id);
        await Store.PutAsync(K("a"), "1", lease.Id);
        var ttl = await Store.TimeToLiveAsync(lease.Id);

        Assert.Equal(lease.Id, (await Store.GetAsync(K("a"))).Single!.Lease);
        Assert.Equal([K("a"), K("b")], ttl.Keys);
        Assert.True(ttl.Exists);
        Assert.Equal(lease.Ttl, ttl.Granted);

        // etcd reports whole seconds, truncated: just after the grant the remaining time is at most the TTL.
        Assert.InRange(ttl.Remaining, lease.Ttl - TimeSpan.FromSeconds(2), lease.Ttl);
        Assert.Equal(0, ttl.Remaining.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public async Task PutAsync_WithMissingLease_ThrowsLeaseNotFoundAndWritesNothing()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.RevokeLeaseAsync(lease.Id);
        var before = await CurrentRevisionAsync();

        var error = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Store.PutAsync(K("k"), "v", lease.Id));

        Assert.Equal(lease.Id, error.LeaseId);
        Assert.Empty((await Store.GetAsync(K("k"))).Kvs);
        Assert.Equal(before, await CurrentRevisionAsync());
    }

    [Fact]
    public async Task TxnAsync_PutWithMissingLeaseInTakenBranch_ThrowsLeaseNotFoundAndAppliesNothing()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.RevokeLeaseAsync(lease.Id);

        await Assert.ThrowsAsync<LeaseNotFoundException>(() => Store.TxnAsync(TxnRequest.If().Then(
            new TxnOp.Put(K("plain"), "v"), new TxnOp.Put(K("leased"), "v", lease.Id))));

        Assert.Empty((await Store.GetAsync(KeyPrefix, prefix: true)).Kvs);
    }

    [Fact]
    public async Task TxnAsync_PutWithMissingLeaseInUntakenBranch_Succeeds()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.RevokeLeaseAsync(lease.Id);

        var txn = await Store.TxnAsync(TxnRequest.If(Compare.Missing(K("k")))
            .Then(new TxnOp.Put(K("k"), "v"))
            .Else(new TxnOp.Put(K("k"), "v", lease.Id)));

        Assert.True(txn.Succeeded);
    }

    [Fact]
    public async Task PutAsync_WithoutLeaseOnLeasedKey_DetachesKeyFromLease()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.PutAsync(K("k"), "leased", lease.Id);

        await Store.PutAsync(K("k"), "free");
        var ttl = await Store.TimeToLiveAsync(lease.Id);
        await Store.RevokeLeaseAsync(lease.Id);

        Assert.Empty(ttl.Keys);
        var kv = (await Store.GetAsync(K("k"))).Single!;
        Assert.Equal(("free", 0L), (kv.Value, kv.Lease));
    }

    [Fact]
    public async Task RevokeLeaseAsync_LeaseWithKeys_DeletesThemAtOneRevision()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.PutAsync(K("a"), "1", lease.Id);
        await Store.PutAsync(K("b"), "2", lease.Id);
        await Store.PutAsync(K("free"), "3");
        var before = await CurrentRevisionAsync();

        await Store.RevokeLeaseAsync(lease.Id);

        Assert.Equal(before + 1, await CurrentRevisionAsync());
        Assert.Equal([K("free")], (await Store.GetAsync(KeyPrefix, prefix: true)).Kvs.Select(kv => kv.Key));
    }

    [Fact]
    public async Task RevokeLeaseAsync_LeaseWithoutKeys_DoesNotBumpRevision()
    {
        var lease = await GrantAsync(LongTtl);
        var before = await CurrentRevisionAsync();

        await Store.RevokeLeaseAsync(lease.Id);

        Assert.Equal(before, await CurrentRevisionAsync());
        Assert.False((await Store.TimeToLiveAsync(lease.Id)).Exists);
    }

    [Fact]
    public async Task RevokeLeaseAsync_MissingLease_ThrowsLeaseNotFound()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.RevokeLeaseAsync(lease.Id);

        var error = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Store.RevokeLeaseAsync(lease.Id));

        Assert.Equal(lease.Id, error.LeaseId);
    }

    [Fact]
    public async Task TimeToLiveAsync_MissingLease_ReportsNegativeRemainingAndNoKeys()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.PutAsync(K("k"), "v", lease.Id);
        await Store.RevokeLeaseAsync(lease.Id);

        var ttl = await Store.TimeToLiveAsync(lease.Id);

        Assert.False(ttl.Exists);
        Assert.Equal(TimeSpan.FromSeconds(-1), ttl.Remaining);
        Assert.Equal(TimeSpan.Zero, ttl.Granted);
        Assert.Empty(ttl.Keys);
    }

    [Fact]
    public async Task KeepAliveOnceAsync_LiveLease_ReturnsGrantedTtl()
    {
        var lease = await GrantAsync(LongTtl);

        var renewed = await Store.KeepAliveOnceAsync(lease.Id);

        Assert.Equal(lease.Ttl, renewed);
    }

    [Fact]
    public async Task KeepAliveOnceAsync_RevokedLease_ThrowsLeaseNotFound()
    {
        var lease = await GrantAsync(LongTtl);
        await Store.RevokeLeaseAsync(lease.Id);

        var error = await Assert.ThrowsAsync<LeaseNotFoundException>(() => Store.KeepAliveOnceAsync(lease.Id));

        Assert.Equal(lease.Id, error.LeaseId);
    }

    [Fact]
    public async Task KeepAliveOnceAsync_RenewedBeforeEachExpiry_KeepsKeysPastTheTtl()
    {
        // A TTL of three minimum TTLs renewed every quarter TTL: each renewal has 0.75 TTL (2.25 s on etcd) of slack
        // for a loaded machine, and the renewals go on until TTL + the expiry slack has passed, by which time an
        // unrenewed lease would have been revoked and its key deleted.
        var ttl = MinimumLeaseTtl * 3;
        var lease = await GrantAsync(ttl);
        await Store.PutAsync(K("k"), "v", lease.Id);

        var step = ttl / 4;
        var renewals = (int)Math.Ceiling((ttl + LeaseExpirySlack) / step);
        for (var i = 0; i < renewals; i++)
        {
            await AdvanceAsync(step);
            Assert.Equal(lease.Ttl, await Store.KeepAliveOnceAsync(lease.Id));
        }

        Assert.Equal("v", (await Store.GetAsync(K("k"))).Single?.Value);
        Assert.True((await Store.TimeToLiveAsync(lease.Id)).Exists);
    }

    [Fact]
    public async Task GrantLeaseAsync_NotKeptAlive_ExpiresAndDeletesItsKeys()
    {
        var lease = await GrantAsync(MinimumLeaseTtl);
        await Store.PutAsync(K("a"), "1", lease.Id);
        await Store.PutAsync(K("free"), "2");

        await AdvanceAsync(MinimumLeaseTtl + LeaseExpirySlack);

        Assert.Equal([K("free")], (await Store.GetAsync(KeyPrefix, prefix: true)).Kvs.Select(kv => kv.Key));
        Assert.False((await Store.TimeToLiveAsync(lease.Id)).Exists);
        await Assert.ThrowsAsync<LeaseNotFoundException>(() => Store.KeepAliveOnceAsync(lease.Id));
    }
}
