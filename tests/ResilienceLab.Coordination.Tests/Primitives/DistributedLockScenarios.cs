namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>
/// Lock and election scenarios written once, run against real etcd (real time) and the simulated store
/// (virtual time) by the two derived classes, so both back-ends meet the same bar.
/// </summary>
public abstract class DistributedLockScenarios
{
    /// <summary>Runs <paramref name="body"/> against the back-end.</summary>
    protected abstract void Run(Func<ScenarioContext, Task> body);

    /// <summary>Contenders × acquisitions for the contention test (8 × 50 on etcd).</summary>
    protected virtual (int Contenders, int Acquisitions) Contention => (8, 50);

    [Fact]
    public void AcquireAsync_ManyContendersFencedCounter_CounterExactAndHoldsNeverOverlap() => Run(async ctx =>
    {
        var (contenders, acquisitions) = Contention;
        var counterKey = ctx.Prefix + "/counter";
        var lockName = ctx.Prefix + "/lock";
        var holds = new List<(long From, long To, long Token, int Who)>();
        var gate = new Lock();

        async Task ContendAsync(int who)
        {
            var session = await ctx.NewSessionAsync($"c{who}", TimeSpan.FromSeconds(10));
            var mutex = new DistributedLock(session, lockName);
            for (var i = 0; i < acquisitions; i++)
            {
                var handle = await mutex.AcquireAsync();
                var from = ctx.Time.GetTimestamp();

                // An unguarded read-modify-write: only mutual exclusion keeps it from losing updates.
                var current = await session.Store.GetAsync(counterKey);
                var value = int.Parse(current.Single?.Value ?? "0") + 1;
                await handle.FencedTxnAsync(TxnRequest.If().Then(new TxnOp.Put(counterKey, value.ToString())));
                var to = ctx.Time.GetTimestamp();
                lock (gate)
                {
                    holds.Add((from, to, handle.Token, who));
                }

                await handle.ReleaseAsync();
            }

            await session.CloseAsync();
        }

        await Task.WhenAll(Enumerable.Range(0, contenders).Select(ContendAsync));

        var final = await ctx.NewClient("reader").GetAsync(counterKey);
        Assert.Equal(contenders * acquisitions, int.Parse(final.Single!.Value));
        var ordered = holds.OrderBy(h => h.From).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            Assert.True(ordered[i].From >= ordered[i - 1].To, $"holds overlap: {ordered[i - 1]} and {ordered[i]}");
            Assert.True(ordered[i].Token > ordered[i - 1].Token, $"fencing tokens must grow: {ordered[i - 1].Token} then {ordered[i].Token}");
        }
    });

    [Fact]
    public void AcquireAsync_HolderStopsKeepingAlive_OtherAcquiresWithinTtlAndStaleFencedWriteRejected() => Run(async ctx =>
    {
        var lockName = ctx.Prefix + "/lock";
        var old = await ctx.NewSessionAsync("old");
        var oldHandle = await new DistributedLock(old, lockName).AcquireAsync();
        await old.AbandonAsync(); // the holder's process wedges: no more keep-alives, no release

        var fresh = await ctx.NewSessionAsync("new");
        var started = ctx.Time.GetTimestamp();
        var newHandle = await new DistributedLock(fresh, lockName).AcquireAsync();
        var waited = ctx.Elapsed(started);

        Assert.True(waited <= ctx.Ttl + ctx.TakeoverSlack, $"take-over took {waited}, more than TTL {ctx.Ttl} + {ctx.TakeoverSlack}");
        Assert.True(newHandle.Token > oldHandle.Token);
        var stale = await Assert.ThrowsAsync<LockLostException>(() =>
            oldHandle.FencedTxnAsync(TxnRequest.If().Then(new TxnOp.Put(ctx.Prefix + "/data", "stale"))));
        Assert.Equal(oldHandle.Token, stale.Token);
        Assert.Null((await fresh.Store.GetAsync(ctx.Prefix + "/data")).Single);
        await newHandle.FencedTxnAsync(TxnRequest.If().Then(new TxnOp.Put(ctx.Prefix + "/data", "fresh")));
        Assert.Equal("fresh", (await fresh.Store.GetAsync(ctx.Prefix + "/data")).Single!.Value);
        await fresh.CloseAsync();
    });

    /// <summary>
    /// A session on an <see cref="UnrenewableLeaseStore"/>: it declares itself lost after the TTL while its lease lives on
    /// at the server; with <paramref name="holdTxnRepliesUntilLost"/>, every txn's reply arrives only once it has.
    /// </summary>
    private static async Task<Session> UnrenewableSessionAsync(ScenarioContext ctx, string name, bool holdTxnRepliesUntilLost)
    {
        var store = new UnrenewableLeaseStore(ctx.NewClient(name));
        var session = await Session.CreateAsync(store, new SessionOptions { Ttl = ctx.Ttl }, ctx.Time);
        if (holdTxnRepliesUntilLost)
        {
            store.TxnRepliesWaitFor = session.Lost;
        }

        return session;
    }

    [Fact]
    public void TryAcquireAsync_SessionAlreadyDeclaredLost_ThrowsSessionExpiredAsTheWaitingFormsDo() => Run(async ctx =>
    {
        var session = await UnrenewableSessionAsync(ctx, "holder", holdTxnRepliesUntilLost: false);
        await ctx.DelayAsync(ctx.Ttl + TimeSpan.FromMilliseconds(500));
        Assert.True(session.Lost.IsCancellationRequested, "the session did not declare itself lost");
        var mutex = new DistributedLock(session, ctx.Prefix + "/lock");

        var once = await Assert.ThrowsAsync<SessionExpiredException>(() => mutex.TryAcquireAsync());
        var waiting = await Assert.ThrowsAsync<SessionExpiredException>(() => mutex.TryAcquireWithinAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains(session.LostReason!, once.Message, StringComparison.Ordinal);
        Assert.Contains(session.LostReason!, waiting.Message, StringComparison.Ordinal);
        Assert.Empty((await ctx.NewClient("reader").GetAsync(ctx.Prefix + "/lock/", prefix: true)).Kvs);
        await ctx.NewClient("cleanup").RevokeLeaseAsync(session.LeaseId);
    });

    [Fact]
    public void TryAcquireAsync_SessionLostWhileTheQueueingReplyIsOnItsWay_ReturnsAHandleAlreadyLost() => Run(async ctx =>
    {
        // The store queues the key (the lease lives on at the server) and it heads the queue, but the session declares
        // itself lost before the reply arrives: the handle is made with the session already lost. That threw a
        // NullReferenceException from the acquire (simulation-smoke seed 2359).
        var session = await UnrenewableSessionAsync(ctx, "holder", holdTxnRepliesUntilLost: true);

        var handle = await new DistributedLock(session, ctx.Prefix + "/lock").TryAcquireAsync();

        Assert.NotNull(handle);
        Assert.True(handle.Lost.IsCancellationRequested, "the handle of a lost session must be lost");
        Assert.Equal(session.LostReason, handle.LostReason);
        await ctx.NewClient("cleanup").RevokeLeaseAsync(session.LeaseId);
    });

    [Fact]
    public void CampaignAsync_SessionLostWhileTheQueueingReplyIsOnItsWay_WinsATermAlreadyLost() => Run(async ctx =>
    {
        var session = await UnrenewableSessionAsync(ctx, "candidate", holdTxnRepliesUntilLost: true);
        var election = session.CreateElection(ctx.Prefix + "/election");

        var term = await election.CampaignAsync("candidate");

        Assert.True(term > 0);
        Assert.True(session.Lost.IsCancellationRequested);
        Assert.True(election.LeadershipLost.IsCancellationRequested, "the leadership of a lost session must be lost");
        await ctx.NewClient("cleanup").RevokeLeaseAsync(session.LeaseId);
    });

    [Fact]
    public void LostToken_LeaseRevokedByOperator_FiresAndReasonSaysKeyDeleted() => Run(async ctx =>
    {
        var session = await ctx.NewSessionAsync("holder");
        var handle = await new DistributedLock(session, ctx.Prefix + "/lock").AcquireAsync();
        await ctx.NewClient("operator").RevokeLeaseAsync(session.LeaseId);

        var deadline = ctx.Time.GetTimestamp();
        while (!handle.Lost.IsCancellationRequested && ctx.Elapsed(deadline) < TimeSpan.FromSeconds(5))
        {
            await ctx.DelayAsync(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(handle.Lost.IsCancellationRequested, "LockLost did not fire after the lease was revoked");
        Assert.NotNull(handle.LostReason);
    });

    [Fact]
    public void ReleaseAsync_Holder_NextWaiterAcquiresWithoutWaitingForTtl() => Run(async ctx =>
    {
        var lockName = ctx.Prefix + "/lock";
        var first = await ctx.NewSessionAsync("first", TimeSpan.FromSeconds(30));
        var second = await ctx.NewSessionAsync("second", TimeSpan.FromSeconds(30));
        var held = await new DistributedLock(first, lockName).AcquireAsync();
        var waiting = new DistributedLock(second, lockName).AcquireAsync();
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(200));
        Assert.False(waiting.IsCompleted, "the second contender must wait while the first holds");

        var released = ctx.Time.GetTimestamp();
        await held.ReleaseAsync();
        var next = await waiting;
        Assert.True(ctx.Elapsed(released) < TimeSpan.FromSeconds(2), $"hand-over took {ctx.Elapsed(released)}");
        Assert.True(next.Token > held.Token);
        await first.CloseAsync();
        await second.CloseAsync();
    });

    [Fact]
    public void TryAcquireAsync_LockHeld_ReturnsNullAndLeavesNoKey() => Run(async ctx =>
    {
        var lockName = ctx.Prefix + "/lock";
        var first = await ctx.NewSessionAsync("first");
        var second = await ctx.NewSessionAsync("second");
        await new DistributedLock(first, lockName).AcquireAsync();
        Assert.Null(await new DistributedLock(second, lockName).TryAcquireAsync());
        var keys = await second.Store.GetAsync(lockName + "/", prefix: true);
        Assert.Single(keys.Kvs);
        await first.CloseAsync();
        await second.CloseAsync();
    });

    [Fact]
    public void LostToken_HolderKeyDeletedBeforeFirstRead_Fires() => Run(async ctx =>
    {
        // Lost arms its watch on first read: a delete that came before must still be reported.
        var session = await ctx.NewSessionAsync("holder", TimeSpan.FromSeconds(30));
        var handle = await new DistributedLock(session, ctx.Prefix + "/lock").AcquireAsync();
        await ctx.NewClient("operator").DeleteAsync(handle.Key);
        var lost = handle.Lost;

        var started = ctx.Time.GetTimestamp();
        while (!lost.IsCancellationRequested && ctx.Elapsed(started) < TimeSpan.FromSeconds(5))
        {
            await ctx.DelayAsync(TimeSpan.FromMilliseconds(20));
        }

        Assert.True(lost.IsCancellationRequested, "Lost did not fire for a holder key deleted before Lost was first read");
        Assert.Equal("the holder key was deleted", handle.LostReason);
        Assert.False(session.Lost.IsCancellationRequested, "the session itself is alive");
        await session.CloseAsync();
    });

    [Fact]
    public void AcquireAsync_MiddleWaiterCancels_LastWaiterAcquiresOnlyWhenHolderReleases() => Run(async ctx =>
    {
        // The last waiter watches the middle one; when that one leaves the queue, it must go on to watch the holder.
        var lockName = ctx.Prefix + "/lock";
        var sessions = new List<Session>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await ctx.NewSessionAsync($"c{i}", TimeSpan.FromSeconds(30)));
        }

        var held = await new DistributedLock(sessions[0], lockName).AcquireAsync();
        using var cancelMiddle = new CancellationTokenSource();
        var middle = new DistributedLock(sessions[1], lockName).AcquireAsync(cancelMiddle.Token);
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(100));
        var last = new DistributedLock(sessions[2], lockName).AcquireAsync();
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(100));

        cancelMiddle.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => middle);
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(300));
        Assert.False(last.IsCompleted, "the last waiter took the lock while the holder still held it");
        Assert.Equal(2, (await sessions[0].Store.GetAsync(lockName + "/", prefix: true)).Kvs.Count);

        await held.ReleaseAsync();
        var next = await last.WaitAsync(TimeSpan.FromSeconds(5), ctx.Time);
        Assert.True(next.Token > held.Token);
        foreach (var session in sessions)
        {
            await session.CloseAsync();
        }
    });

    [Fact]
    public void CampaignAsync_AgainWithNewValue_KeepsTermAndProclaimsNewValue() => Run(async ctx =>
    {
        var name = ctx.Prefix + "/election";
        var session = await ctx.NewSessionAsync("a", TimeSpan.FromSeconds(30));
        var election = new LeaderElection(session, name);
        var term = await election.CampaignAsync("first");
        Assert.Equal("first", (await LeaderElection.LeaderAsync(session.Store, name))!.Value);

        Assert.Equal(term, await election.CampaignAsync("second"));
        var leader = await LeaderElection.LeaderAsync(session.Store, name);
        Assert.Equal(("second", term), (leader!.Value, leader.Term));
        await session.CloseAsync();
    });

    [Fact]
    public void CampaignAsync_LeaderSessionLost_NextCandidateLeadsWithHigherTermAndOldProclaimFails() => Run(async ctx =>
    {
        var name = ctx.Prefix + "/election";
        var a = await ctx.NewSessionAsync("a");
        var b = await ctx.NewSessionAsync("b");
        var ea = new LeaderElection(a, name);
        var eb = new LeaderElection(b, name);
        var termA = await ea.CampaignAsync("a");
        var campaignB = eb.CampaignAsync("b");
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(200));
        Assert.False(campaignB.IsCompleted);
        Assert.Equal("a", (await LeaderElection.LeaderAsync(b.Store, name))!.Value);

        await a.AbandonAsync();
        var started = ctx.Time.GetTimestamp();
        var termB = await campaignB;
        Assert.True(ctx.Elapsed(started) <= ctx.Ttl + ctx.TakeoverSlack, $"new leader after {ctx.Elapsed(started)}, more than TTL {ctx.Ttl} + {ctx.TakeoverSlack}");
        Assert.True(termB > termA);
        var leader = await LeaderElection.LeaderAsync(b.Store, name);
        Assert.Equal(("b", termB), (leader!.Value, leader.Term));
        await Assert.ThrowsAsync<NotLeaderException>(() => ea.FencedTxnAsync(TxnRequest.If().Then(new TxnOp.Put(ctx.Prefix + "/hb", "a"))));
        await b.CloseAsync();
    });

    [Fact]
    public void ResignAsync_Leader_ObserverSeesNextLeaderPromptly() => Run(async ctx =>
    {
        var name = ctx.Prefix + "/election";
        var a = await ctx.NewSessionAsync("a", TimeSpan.FromSeconds(30));
        var b = await ctx.NewSessionAsync("b", TimeSpan.FromSeconds(30));
        var ea = new LeaderElection(a, name);
        await ea.CampaignAsync("a");
        var campaignB = new LeaderElection(b, name).CampaignAsync("b");

        using var stop = new CancellationTokenSource();
        var observing = ObserveUntilAsync(ctx, name, "b", stop.Token);
        await ctx.DelayAsync(TimeSpan.FromMilliseconds(200));
        var resigned = ctx.Time.GetTimestamp();
        await ea.ResignAsync();
        await campaignB;
        Assert.True(ctx.Elapsed(resigned) < TimeSpan.FromSeconds(1), $"re-election after resign took {ctx.Elapsed(resigned)}");
        var sequence = await observing;
        Assert.Equal(["a", "b"], sequence);
        await a.CloseAsync();
        await b.CloseAsync();
    });

    private static async Task<List<string?>> ObserveUntilAsync(ScenarioContext ctx, string name, string until, CancellationToken cancellationToken)
    {
        var seen = new List<string?>();
        await foreach (var leader in LeaderElection.ObserveAsync(ctx.NewClient("observer"), name, ctx.Time, cancellationToken))
        {
            seen.Add(leader?.Value);
            if (leader?.Value == until)
            {
                break;
            }
        }

        return seen;
    }
}
