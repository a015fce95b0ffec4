using System.Collections.Concurrent;
using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers.Tests.Infrastructure;
using Xunit.Abstractions;

using ResilienceLab.Hosting;

namespace ResilienceLab.Workers.Tests.Election;

/// <summary>Election workers as real processes on a real etcd: the leader is killed or terminated.</summary>
public sealed class LeaderTakeoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    // A loaded 2-core machine adds scheduling delay to the lease expiry and the successor's campaign.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    // Long enough that a resign (a delete) and a lease expiry cannot be confused, however loaded the machine.
    private static readonly TimeSpan LongTtl = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task ElectionWorker_LeaderKilled_AnotherReplicaLeadsSoonAfterTheTtl()
    {
        var (campaign, _) = await MeasureTakeoverAsync(UnixSignal.Kill, Ttl);

        Assert.True(campaign <= Ttl + Slack, $"new leader after {campaign} (TTL {Ttl} + {Slack} allowed)");
    }

    [Fact]
    public async Task ElectionWorker_LeaderTerminated_AnotherReplicaLeadsLongBeforeTheTtl()
    {
        var (campaign, _) = await MeasureTakeoverAsync(UnixSignal.Terminate, LongTtl);

        // Without the resign the successor waits out the lease: at least the TTL.
        Assert.True(campaign < LongTtl / 2, $"new leader after {campaign} (less than half the TTL {LongTtl} allowed: a terminated leader resigns)");
    }

    /// <summary>From the signal to another replica's leader.campaign ok, and to the test's own observer seeing a new leader.</summary>
    private async Task<(TimeSpan Campaign, TimeSpan Observed)> MeasureTakeoverAsync(UnixSignal signal, TimeSpan ttl)
    {
        var template = new ReplicaOptions
        {
            LockTtl = ttl,
            Tasks = new TaskWorkerOptions { Enabled = false },
            Election = new ElectionWorkerOptions { Enabled = true, HeartbeatInterval = TimeSpan.FromMilliseconds(200) },
            Counter = new CounterWorkerOptions { Enabled = false },
        };
        await using var run = await LocalRun.StartAsync(template);
        var seen = new ConcurrentQueue<(DateTimeOffset At, LeaderInfo? Leader)>();
        using var observing = new CancellationTokenSource();
        var observer = ObserveAsync(run.Store, seen, observing.Token);

        // Every replica is queued, so there is a successor to take over.
        await Eventually.WaitAsync(
            async () => (await run.Store.GetAsync(WorkerConstants.ElectionName + "/", prefix: true)).Kvs.Count == 3 && Latest(seen) is not null,
            TimeSpan.FromSeconds(30),
            () => "three candidates and a leader");
        var old = Latest(seen)!.Value;
        var oldTerm = Latest(seen)!.Term;
        var signaledAt = run.Time.GetUtcNow();
        if (signal == UnixSignal.Kill)
        {
            run.Set.Kill(old);
        }
        else
        {
            run.Set.Terminate(old);
        }

        var next = await Eventually.GetAsync(
            () => Task.FromResult(seen.Where(s => s.At > signaledAt && s.Leader is { } l && l.Value != old).Select(s => new Seen(s.At, s.Leader!)).FirstOrDefault()),
            TimeSpan.FromSeconds(15),
            () => $"no leader other than {old} observed");
        var campaign = await Eventually.GetAsync(
            () => Task.FromResult(run.ReadHistory().Entries.FirstOrDefault(e => e.Op == HistoryOps.LeaderCampaign && e.Type == HistoryEntryType.Ok && e.Process != old && e.Time > signaledAt)),
            TimeSpan.FromSeconds(15),
            () => $"no leader.campaign ok by a replica other than {old}");
        observing.Cancel();
        await observer;
        await run.Set.StopAsync();
        run.Describe(output);
        if (signal == UnixSignal.Terminate)
        {
            // Every replica stopped gracefully: each resigned and revoked its lease, so no candidate key is left.
            Assert.Empty((await run.Store.GetAsync(WorkerConstants.ElectionName + "/", prefix: true)).Kvs);
        }

        var byCampaign = campaign.Time - signaledAt;
        var byObserver = next.At - signaledAt;
        output.WriteLine($"{signal} leader {old}: {campaign.Process} won its campaign (term {campaign.Token}) after {byCampaign.TotalMilliseconds:F0} ms; the observer saw {next.Leader.Value} lead after {byObserver.TotalMilliseconds:F0} ms");
        Assert.Equal(campaign.Process, next.Leader.Value);
        Assert.Equal(next.Leader.Term, campaign.Token);
        Assert.True(campaign.Token > oldTerm, $"term {campaign.Token} after term {oldTerm}: terms must increase");
        return (byCampaign, byObserver);
    }

    private static LeaderInfo? Latest(ConcurrentQueue<(DateTimeOffset At, LeaderInfo? Leader)> seen) => seen.LastOrDefault().Leader;

    private static async Task ObserveAsync(IKeyValueStore store, ConcurrentQueue<(DateTimeOffset, LeaderInfo?)> seen, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var leader in LeaderElection.ObserveAsync(store, WorkerConstants.ElectionName, TimeProvider.System, cancellationToken))
            {
                seen.Enqueue((TimeProvider.System.GetUtcNow(), leader));
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private sealed record Seen(DateTimeOffset At, LeaderInfo Leader);
}
