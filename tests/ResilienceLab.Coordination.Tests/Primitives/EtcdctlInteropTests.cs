using ResilienceLab.Coordination.Tests.Etcd;

namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>
/// Our lock and election use etcd's key layout, so they exclude etcdctl's and the other way round. etcdctl runs as a
/// real process against the test etcd and holds the lock (or leadership) until it is killed.
/// </summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdctlInteropTests(EtcdFixture fixture) : IAsyncLifetime
{
    private readonly string _name = $"/interop/{Guid.NewGuid():N}";
    private readonly List<Etcdctl> _processes = [];

    [Fact]
    public async Task AcquireAsync_WhileEtcdctlHoldsLock_WaitsUntilEtcdctlIsKilled()
    {
        var etcdctl = Start("lock", _name);
        await etcdctl.WaitForLineAsync(line => line.StartsWith(_name + "/", StringComparison.Ordinal));
        await using var store = fixture.CreateStore();
        var session = await Session.CreateAsync(store, new SessionOptions { Ttl = TimeSpan.FromSeconds(5) }, TimeProvider.System);

        var acquiring = new DistributedLock(session, _name).AcquireAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        Assert.False(acquiring.IsCompleted, "our lock was granted while etcdctl held it");

        etcdctl.Kill(); // SIGKILL: etcdctl's lease (TTL 2 s below) expires, then ours is granted
        var handle = await acquiring.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.True(handle.Token > 0);
        await session.CloseAsync();
    }

    [Fact]
    public async Task EtcdctlLock_WhileWeHoldLock_WaitsUntilWeRelease()
    {
        await using var store = fixture.CreateStore();
        var session = await Session.CreateAsync(store, new SessionOptions { Ttl = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var handle = await new DistributedLock(session, _name).AcquireAsync();

        var etcdctl = Start("lock", _name);
        var granted = etcdctl.WaitForLineAsync(line => line.StartsWith(_name + "/", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        Assert.False(granted.IsCompleted, "etcdctl got the lock while we held it");

        await handle.ReleaseAsync();
        await granted.WaitAsync(TimeSpan.FromSeconds(10));
        await session.CloseAsync();
    }

    [Fact]
    public async Task CampaignAsync_WhileEtcdctlLeads_WaitsAndLeaderIsEtcdctlsProposal()
    {
        var etcdctl = Start("elect", _name, "etcdctl-proposal");
        await etcdctl.WaitForLineAsync(line => line.Contains("etcdctl-proposal", StringComparison.Ordinal));
        await using var store = fixture.CreateStore();
        Assert.Equal("etcdctl-proposal", (await LeaderElection.LeaderAsync(store, _name))!.Value);

        var session = await Session.CreateAsync(store, new SessionOptions { Ttl = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var campaign = new LeaderElection(session, _name).CampaignAsync("ours");
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        Assert.False(campaign.IsCompleted, "we became leader while etcdctl led");

        // etcdctl elect's session lives 60 s after it dies; as an operator would, revoke its lease instead of waiting.
        var etcdctlLease = (await LeaderElection.LeaderAsync(store, _name))!.Lease;
        etcdctl.Kill();
        await store.RevokeLeaseAsync(etcdctlLease);
        await campaign.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("ours", (await LeaderElection.LeaderAsync(store, _name))!.Value);
        await session.CloseAsync();
    }

    [Fact]
    public async Task EtcdctlElect_WhileWeLead_WaitsUntilWeResign()
    {
        await using var store = fixture.CreateStore();
        var session = await Session.CreateAsync(store, new SessionOptions { Ttl = TimeSpan.FromSeconds(5) }, TimeProvider.System);
        var election = new LeaderElection(session, _name);
        await election.CampaignAsync("ours");

        var etcdctl = Start("elect", _name, "etcdctl-proposal");
        var leading = etcdctl.WaitForLineAsync(line => line.Contains("etcdctl-proposal", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        Assert.False(leading.IsCompleted, "etcdctl became leader while we led");

        await election.ResignAsync();
        await leading.WaitAsync(TimeSpan.FromSeconds(10));
        await session.CloseAsync();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        return Task.CompletedTask;
    }

    private Etcdctl Start(params string[] args)
    {
        // etcdctl lock takes a session TTL: a short one, so a killed etcdctl's key expires quickly (etcdctl elect's is fixed at 60 s).
        var process = Etcdctl.Start(fixture.Endpoints, args[0] == "lock" ? [.. args, "--ttl=2"] : args);
        _processes.Add(process);
        return process;
    }
}
