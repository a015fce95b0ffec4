using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Coordination;

namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>
/// Runs the trials of one kind of take-over, alternating our waiter and the server-side peer, on a few lanes at
/// once (each trial mostly waits for a lease to expire). Every trial has its own lock name and its own deadline.
/// </summary>
internal static class TakeoverTrials
{
    /// <summary>Longer than etcd's watch catch-up period (100 ms), so ours and the peer both wait on a caught-up watch.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);

    public static async Task<TakeoverResults> RunAsync(BenchmarkContext context, TakeoverKind kind, TimeSpan ttl, int lanes)
    {
        var time = context.Time;
        var total = context.Options.TakeoverTrials * 2;

        // Drawn up front (the generator is not thread-safe): where in the holder's keep-alive period (TTL/3) it dies.
        var phases = Enumerable.Range(0, total).Select(_ => TimeSpan.FromTicks((long)(context.Random.NextDouble() * (ttl / 3).Ticks))).ToArray();
        var results = new TimeSpan[total];
        var laneCount = Math.Min(lanes, total);
        var next = -1;
        var created = new List<TakeoverLane>();
        try
        {
            for (var i = 0; i < laneCount; i++)
            {
                created.Add(await TakeoverLane.CreateAsync(context));
            }

            await Task.WhenAll(created.Select((lane, index) => LaneAsync(lane, index)));
        }
        finally
        {
            foreach (var lane in created)
            {
                await lane.DisposeAsync();
            }
        }

        return new TakeoverResults(
            LatencyStats.Of([.. results.Where((_, k) => WaiterOf(k) == TakeoverWaiter.Ours)]),
            LatencyStats.Of([.. results.Where((_, k) => WaiterOf(k) == TakeoverWaiter.ServerSide)]));

        async Task LaneAsync(TakeoverLane lane, int index)
        {
            // Staggered over one TTL, so that the lanes' expiries do not all meet the same lessor tick.
            await Task.Delay(ttl * index / laneCount, time, context.CancellationToken);
            for (var i = 0; i < total; i++)
            {
                var k = Interlocked.Increment(ref next);
                if (k >= total)
                {
                    return;
                }

                var name = $"{context.Prefix}/takeover/{kind.ToString().ToLowerInvariant()}/{ttl.TotalSeconds:0}s/{k}";
                results[k] = await TrialAsync(context, lane, kind, WaiterOf(k), ttl, phases[k], name);
            }
        }
    }

    private static TakeoverWaiter WaiterOf(int trial) => trial % 2 == 0 ? TakeoverWaiter.Ours : TakeoverWaiter.ServerSide;

    private static async Task<TimeSpan> TrialAsync(BenchmarkContext context, TakeoverLane lane, TakeoverKind kind, TakeoverWaiter waiter, TimeSpan ttl, TimeSpan phase, string name)
    {
        var time = context.Time;
        using var deadline = context.Deadline(ttl + BenchmarkConstants.WaitDeadline);
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
        EtcdctlLockHolder? process = null;
        Func<Task>? release = null;
        if (kind == TakeoverKind.Release)
        {
            release = await HoldInProcessAsync(lane, waiter, name, deadline.Token);
        }
        else
        {
            process = await EtcdctlLockHolder.StartAsync(context.Options.EtcdctlPath, context.Endpoint, name, ttl, time, deadline.Token, context.Options.EtcdUsername, context.Options.EtcdPassword);
        }

        var acquire = lane.AcquireAsync(waiter, name, waiting.Token);
        try
        {
            await lane.WaitQueuedAsync(name, 2, time, deadline.Token);

            // Let the waiter settle into waiting: a key deleted between its queue read and the creation of its watch
            // is reported by etcd's catch-up loop (every 100 ms), not at once — a race measured separately, not here.
            await Task.Delay(Settle + (kind == TakeoverKind.Crash ? phase : TimeSpan.Zero), time, deadline.Token);

            var sent = time.GetTimestamp();
            switch (kind)
            {
                case TakeoverKind.Crash:
                    process!.Kill();
                    break;
                case TakeoverKind.GracefulStop:
                    process!.Stop();
                    break;
                default:
                    await release!();
                    break;
            }

            var releaseOurs = await acquire;
            var took = time.GetElapsedTime(sent);
            await releaseOurs();
            return took;
        }
        catch
        {
            waiting.Cancel();
            try
            {
                await acquire;
            }
            catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException or StoreException)
            {
                // The trial already failed; this only keeps the waiter's exception observed.
            }

            throw;
        }
        finally
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }
    }

    /// <summary>Takes the lock with the lane's holder session (ours or the peer's way); returns the action that releases it.</summary>
    private static async Task<Func<Task>> HoldInProcessAsync(TakeoverLane lane, TakeoverWaiter waiter, string name, CancellationToken cancellationToken)
    {
        if (waiter == TakeoverWaiter.Ours)
        {
            var handle = await new DistributedLock(lane.Holder, name).AcquireAsync(cancellationToken);
            return () => handle.ReleaseAsync(cancellationToken);
        }

        var held = await lane.Raw.LockAsync(name, lane.Holder.LeaseId, cancellationToken: cancellationToken);
        return async () => await lane.Raw.UnlockAsync(held.Key.ToStringUtf8(), cancellationToken: cancellationToken);
    }
}
