using System.Threading.Channels;
using dotnet_etcd;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Coordination;
using V3Electionpb;

namespace ResilienceLab.Benchmarks.Election;

/// <summary>
/// Two candidates hand leadership back and forth (the leader resigns, the queued one takes over, the old leader
/// queues again) while a third client observes; each trial times resign-sent → the observer's stream yields the
/// new leader. Ours: <see cref="LeaderElection"/> + <see cref="LeaderElection.ObserveAsync"/>; the peer: etcd's
/// server-side Campaign/Resign/Observe.
/// </summary>
internal static class ObservationLatency
{
    public static async Task<LatencyStats> OursAsync(BenchmarkContext context, string name)
    {
        await using var storeA = context.CreateStore();
        await using var storeB = context.CreateStore();
        await using var observerStore = context.CreateStore();
        await using var sessionA = await context.CreateSessionAsync(storeA);
        await using var sessionB = await context.CreateSessionAsync(storeB);
        var candidates = new[] { new LeaderElection(sessionA, name), new LeaderElection(sessionB, name) };
        return await RunTrialsAsync(
            context,
            name,
            observerStore,
            (seen, ct) => ObserveOursAsync(observerStore, name, context.Time, seen, ct),
            async (i, ct) =>
            {
                await candidates[i].CampaignAsync($"candidate-{i}", ct);
                return candidates[i].Key;
            },
            (i, ct) => candidates[i].ResignAsync(ct),
            i => candidates[i].Key);
    }

    public static async Task<LatencyStats> ServerSideAsync(BenchmarkContext context, string name)
    {
        await using var leaseStore = context.CreateStore();
        await using var observerStore = context.CreateStore();
        await using var sessionA = await context.CreateSessionAsync(leaseStore);
        await using var sessionB = await context.CreateSessionAsync(leaseStore);
        using var rawA = context.CreateRawClient();
        using var rawB = context.CreateRawClient();
        using var rawObserver = context.CreateRawClient();
        var clients = new[] { rawA, rawB };
        var sessions = new[] { sessionA, sessionB };
        var leaders = new LeaderKey?[2];
        return await RunTrialsAsync(
            context,
            name,
            observerStore,
            (seen, ct) => ObserveServerSideAsync(rawObserver, name, context.Time, seen, ct),
            async (i, ct) =>
            {
                var won = await clients[i].CampaignAsync(name, sessions[i].LeaseId, $"candidate-{i}", cancellationToken: ct);
                leaders[i] = won.Leader;
                return won.Leader.Key.ToStringUtf8();
            },
            async (i, ct) => await clients[i].ResignAsync(new ResignRequest { Leader = leaders[i] }, cancellationToken: ct),
            i => $"{name}/{sessions[i].LeaseId:x}");
    }

    private static async Task<LatencyStats> RunTrialsAsync(
        BenchmarkContext context,
        string name,
        IKeyValueStore queueReader,
        Func<ChannelWriter<(long At, string? Key)>, CancellationToken, Task> observe,
        Func<int, CancellationToken, Task<string>> campaign,
        Func<int, CancellationToken, Task> resign,
        Func<int, string> keyOf)
    {
        var time = context.Time;
        var budget = context.Options.Duration * 2;
        using var deadline = context.Deadline(budget + BenchmarkConstants.WaitDeadline);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        var seen = Channel.CreateUnbounded<(long At, string? Key)>();
        var observer = observe(seen.Writer, stop.Token);
        var samples = new List<TimeSpan>();
        Task<string>? pending = null;
        try
        {
            await campaign(0, deadline.Token);
            await WaitSeenAsync(seen.Reader, keyOf(0), deadline.Token);
            pending = campaign(1, stop.Token);
            await WaitQueuedAsync(queueReader, name, context, deadline.Token);
            var (leader, follower) = (0, 1);
            var started = time.GetTimestamp();
            for (var i = 0; i < context.Options.ObservationTrials && time.GetElapsedTime(started) < budget; i++)
            {
                var sent = time.GetTimestamp();
                await resign(leader, deadline.Token);
                var at = await WaitSeenAsync(seen.Reader, keyOf(follower), deadline.Token);
                samples.Add(time.GetElapsedTime(sent, at));
                await pending;
                pending = campaign(leader, stop.Token);
                await WaitQueuedAsync(queueReader, name, context, deadline.Token);
                (leader, follower) = (follower, leader);
            }

            await resign(leader, deadline.Token);
        }
        finally
        {
            stop.Cancel();
            await Quietly(observer);
            if (pending is not null)
            {
                await Quietly(pending);
            }
        }

        return LatencyStats.Of(samples);
    }

    private static async Task ObserveOursAsync(IKeyValueStore store, string name, TimeProvider time, ChannelWriter<(long, string?)> seen, CancellationToken cancellationToken)
    {
        await foreach (var leader in LeaderElection.ObserveAsync(store, name, time, cancellationToken))
        {
            seen.TryWrite((time.GetTimestamp(), leader?.Key));
        }
    }

    private static async Task ObserveServerSideAsync(EtcdClient client, string name, TimeProvider time, ChannelWriter<(long, string?)> seen, CancellationToken cancellationToken)
    {
        await foreach (var leader in client.ObserveAsync(name, cancellationToken: cancellationToken))
        {
            seen.TryWrite((time.GetTimestamp(), leader.Kv?.Key.ToStringUtf8()));
        }
    }

    /// <summary>Reads the observer's stream until it reports <paramref name="key"/> as leader; returns when it saw it.</summary>
    private static async Task<long> WaitSeenAsync(ChannelReader<(long At, string? Key)> seen, string key, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10_000; i++)
        {
            var (at, leader) = await seen.ReadAsync(cancellationToken);
            if (leader == key)
            {
                return at;
            }
        }

        throw new InvalidOperationException($"the observer never reported '{key}' as leader");
    }

    /// <summary>Waits until both candidates are queued, so the next resign hands over at once.</summary>
    private static async Task WaitQueuedAsync(IKeyValueStore store, string name, BenchmarkContext context, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10_000; i++)
        {
            var queue = await store.GetAsync(name + "/", prefix: true, cancellationToken);
            if (queue.Kvs.Count >= 2)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), context.Time, cancellationToken);
        }

        throw new InvalidOperationException($"the second candidate never queued on '{name}'");
    }

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException or StoreException)
        {
            // Stopping the observer and the last queued campaign is how the trials end.
        }
    }
}
