using Etcdserverpb;
using TxnOp = ResilienceLab.Coordination.TxnOp;
using TxnRequest = ResilienceLab.Coordination.TxnRequest;
using ResilienceLab.Benchmarks.Infrastructure;

namespace ResilienceLab.Benchmarks.Locks;

/// <summary>
/// The unit costs the lock profile is expressed in: one sequential round trip of each kind of call a lock cycle
/// makes, through our store and through raw dotnet-etcd (the ratio is our client's own overhead), and the creation
/// of a watch stream.
/// </summary>
internal static class RoundTripBaseline
{
    private const int MaxSamples = 2_000;
    private const int MaxEventSamples = 30;

    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        context.Log("lock: round-trip baseline");
        var key = $"{context.Prefix}/rtt/key";
        await using var store = context.CreateStore();
        using var raw = context.CreateRawClient();
        var budget = context.Options.Duration / 2;
        var rangeRequest = new RangeRequest { Key = RawEtcd.Bytes(key) };

        var ourRange = await SampleAsync(context, budget, ct => store.GetAsync(key, cancellationToken: ct));
        var rawRange = await SampleAsync(context, budget, ct => raw.GetAsync(rangeRequest, cancellationToken: ct));
        var ourTxn = await SampleAsync(context, budget, async ct =>
        {
            await store.TxnAsync(TxnRequest.If(Coordination.Compare.Missing(key)).Then(new TxnOp.Put(key, "")), ct);
            await store.DeleteAsync(key, cancellationToken: ct);
        });
        var rawTxn = await SampleAsync(context, budget, async ct =>
        {
            await raw.TransactionAsync(RawEtcd.PutIfAbsent(key, 0), cancellationToken: ct);
            await raw.DeleteAsync(key, cancellationToken: ct);
        });
        var watch = await SampleAsync(context, budget, ct => RawEtcd.WatchCreateAsync(raw, key, ct));
        var concurrent = await ConcurrentAsync(context, context.Options.LockContenders);
        var n = 0;
        var synced = await SampleReportedAsync(context, budget / 4, ct => RawEtcd.DeleteEventLatencyAsync(raw, $"{key}/synced/{n++}", 1, context.Time, ct));
        var unsynced = await SampleReportedAsync(context, budget, ct => RawEtcd.DeleteEventLatencyAsync(raw, $"{key}/unsynced/{n++}", 0, context.Time, ct));

        return
        [
            Figure("round trip: linearizable range", ourRange, rawRange),
            Figure("round trip: put-if-absent txn + delete", ourTxn, rawTxn),
            concurrent,
            new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Lock, Name = "delete → watch event, watch from read revision + 1 (synced: no write in between)", Value = synced.Mean.TotalMilliseconds, Unit = "ms",
                Peer = "watch from the read revision (etcd's Mutex waitDelete)", PeerValue = unsynced.Mean.TotalMilliseconds,
                Note = $"+1: {synced.Describe(seconds: false)}; same revision: {unsynced.Describe(seconds: false)} (etcd's unsynced watcher group, caught up every 100 ms)",
            },
            new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Lock, Name = "round trip: watch stream creation (raw dotnet-etcd)", Value = watch.Mean.TotalMilliseconds, Unit = "ms",
                Note = watch.Describe(seconds: false),
            },
        ];
    }

    /// <summary>Put-if-absent txn + delete cycles/s by <paramref name="callers"/> callers on their own keys: our store against raw dotnet-etcd.</summary>
    private static async Task<BenchmarkFigure> ConcurrentAsync(BenchmarkContext context, int callers)
    {
        var stores = Enumerable.Range(0, callers).Select(_ => context.CreateStore()).ToList();
        var raws = Enumerable.Range(0, callers).Select(_ => context.CreateRawClient()).ToList();
        try
        {
            var root = $"{context.Prefix}/rtt/concurrent";

            async Task Ours(int w, CancellationToken ct)
            {
                var key = $"{root}/ours/{w:x}";
                await stores[w].TxnAsync(TxnRequest.If(Coordination.Compare.Missing(key)).Then(new TxnOp.Put(key, "")), ct);
                await stores[w].DeleteAsync(key, cancellationToken: ct);
            }

            async Task Raw(int w, CancellationToken ct)
            {
                var key = $"{root}/raw/{w:x}";
                await raws[w].TransactionAsync(RawEtcd.PutIfAbsent(key, 0), cancellationToken: ct);
                await raws[w].DeleteAsync(key, cancellationToken: ct);
            }

            var samples = await Throughput.CompareAsync([Ours, Raw], callers, context.Options.Duration / 2, context.Options.Rounds, context);
            return new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Lock, Name = $"put-if-absent txn + delete cycles/s, {callers} callers on own keys, through our store", Value = samples[0].PerSecond, Unit = "cycles/s",
                Peer = "raw dotnet-etcd", PeerValue = samples[1].PerSecond, Note = $"ours {samples[0].Describe()}; raw {samples[1].Describe()}",
            };
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            raws.ForEach(r => r.Dispose());
        }
    }

    private static BenchmarkFigure Figure(string name, LatencyStats ours, LatencyStats raw) => new()
    {
        Suite = BenchmarkSuite.Lock,
        Name = name,
        Value = ours.Mean.TotalMilliseconds,
        Unit = "ms",
        Peer = "raw dotnet-etcd",
        PeerValue = raw.Mean.TotalMilliseconds,
        Note = $"ours {ours.Describe(seconds: false)}; raw {raw.Describe(seconds: false)}",
    };

    /// <summary>Samples a call that measures its own latency (the part of it that matters), at least 3 times.</summary>
    private static async Task<LatencyStats> SampleReportedAsync(BenchmarkContext context, TimeSpan budget, Func<CancellationToken, Task<TimeSpan>> call)
    {
        using var deadline = context.Deadline(budget + BenchmarkConstants.WaitDeadline);
        var samples = new List<TimeSpan>();
        var started = context.Time.GetTimestamp();
        for (var i = 0; i < MaxEventSamples && (i < 3 || context.Time.GetElapsedTime(started) < budget); i++)
        {
            samples.Add(await call(deadline.Token));
        }

        return LatencyStats.Of(samples);
    }

    private static async Task<LatencyStats> SampleAsync(BenchmarkContext context, TimeSpan budget, Func<CancellationToken, Task> call)
    {
        using var deadline = context.Deadline(budget + BenchmarkConstants.WaitDeadline);
        for (var i = 0; i < 20; i++)
        {
            await call(deadline.Token);
        }

        var samples = new List<TimeSpan>();
        var started = context.Time.GetTimestamp();
        for (var i = 0; i < MaxSamples && context.Time.GetElapsedTime(started) < budget; i++)
        {
            var t0 = context.Time.GetTimestamp();
            await call(deadline.Token);
            samples.Add(context.Time.GetElapsedTime(t0));
        }

        return LatencyStats.Of(samples);
    }
}
