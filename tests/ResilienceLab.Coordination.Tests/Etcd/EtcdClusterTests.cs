using ResilienceLab.Coordination.Etcd;

using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd;

/// <summary>A real three-member cluster: leader discovery through the maintenance API, leader kill, rejoin.</summary>
public sealed class EtcdClusterTests : IAsyncLifetime
{
    private EtcdCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 3 });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task KillAsync_Leader_AnotherMemberLeadsAtAHigherTermAndTheKilledOneRejoins()
    {
        using var maintenance = _cluster.CreateMaintenance();
        await using var store = _cluster.CreateStore(o => o.CallTimeout = TimeSpan.FromSeconds(1));
        var lease = await store.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        var before = await store.PutAsync("/cluster/k", "before", lease.Id);
        var oldLeader = await maintenance.FindLeaderAsync();
        Assert.NotNull(oldLeader);
        var killed = _cluster.Members.Single(m => m.ClientUrl == oldLeader.Endpoint);

        await killed.KillAsync();
        var newLeader = await _cluster.WaitForLeaderAsync();
        var after = await store.PutAsync("/cluster/k", "after", lease.Id);

        Assert.NotSame(killed, newLeader);
        var newStatus = await maintenance.GetStatusAsync(newLeader.ClientUrl);
        Assert.True(newStatus.RaftTerm > oldLeader.RaftTerm, $"term {newStatus.RaftTerm} should exceed {oldLeader.RaftTerm}");
        Assert.Equal(newLeader.MemberId, newStatus.LeaderId);
        Assert.True(after.Revision > before.Revision);
        Assert.Equal(lease.Ttl, await store.KeepAliveOnceAsync(lease.Id));
        var statuses = await maintenance.GetStatusesAsync();
        Assert.False(statuses.Single(s => s.Endpoint == killed.ClientUrl).IsReachable);

        await killed.RestartAsync();
        var rejoined = await WaitReachableAsync(maintenance, killed.ClientUrl);

        Assert.Equal(killed.MemberId, rejoined.MemberId);
        Assert.Equal(newLeader.MemberId, rejoined.LeaderId);
        Assert.False(rejoined.IsLeader);
    }

    // The maintenance client's channel to the killed member may still be in its (≤ 1 s) reconnect back-off.
    private static async Task<EtcdEndpointStatus> WaitReachableAsync(EtcdMaintenance maintenance, string endpoint)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var status = (await maintenance.GetStatusesAsync()).Single(s => s.Endpoint == endpoint);
            if (status.IsReachable || TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(5))
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
        }
    }

    [Fact]
    public async Task ListMembersAsync_ThreeMembers_ListsEachWithItsUrlsAndOneLeader()
    {
        using var maintenance = _cluster.CreateMaintenance();

        var members = await maintenance.ListMembersAsync();
        var statuses = await maintenance.GetStatusesAsync();

        Assert.Equal(["m1", "m2", "m3"], members.Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.All(members, m => Assert.Equal([_cluster.Members.Single(p => p.Name == m.Name).ClientUrl], m.ClientUrls));
        Assert.All(statuses, s => Assert.True(s.IsReachable && s.HasLeader && s.DbSize > 0 && s.Version.StartsWith("3.", StringComparison.Ordinal)));
        Assert.Single(statuses, s => s.IsLeader);
        Assert.Single(statuses.Select(s => s.LeaderId).Distinct());
        Assert.Equal(members.Select(m => m.Id).Order(), statuses.Select(s => s.MemberId).Order());
    }
}
