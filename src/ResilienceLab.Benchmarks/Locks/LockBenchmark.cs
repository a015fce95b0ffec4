using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Coordination;

namespace ResilienceLab.Benchmarks.Locks;

/// <summary>
/// Lock cycles/s (acquire + release) of our <see cref="DistributedLock"/> for 1 contender, N contenders on one lock
/// and N contenders on N locks, each against two peers measured in the same slices: etcd's server-side lock
/// (v3lock Lock/Unlock through dotnet-etcd) and the raw txn rate (put-if-absent txn + delete, each caller on its
/// own key: what etcd does for two writes per cycle at that concurrency, with no lock semantics).
/// </summary>
internal static class LockBenchmark
{
    public const double ServerLockTarget = 0.9;
    public const double RawTxnTarget = 0.3;

    /// <summary>A hand-over slower than this is a stall, not round trips (an uncontended cycle takes about 1 ms).</summary>
    private static readonly TimeSpan LongGap = TimeSpan.FromMilliseconds(10);

    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        var n = context.Options.LockContenders;
        var figures = new List<BenchmarkFigure>();
        foreach (var (contenders, locks) in new[] { (1, 1), (n, 1), (n, n) })
        {
            figures.AddRange(await MeasureShapeAsync(context, contenders, locks));
        }

        figures.AddRange(await RoundTripBaseline.RunAsync(context));
        return figures;
    }

    private static async Task<IReadOnlyList<BenchmarkFigure>> MeasureShapeAsync(BenchmarkContext context, int contenders, int locks)
    {
        var shape = contenders == 1 ? "1 contender" : $"{contenders} contenders on {locks} lock{(locks == 1 ? "" : "s")}";
        context.Log($"lock: {shape}");
        var root = $"{context.Prefix}/lock/{contenders}x{locks}";
        var members = new List<LockContender>();
        try
        {
            for (var i = 0; i < contenders; i++)
            {
                members.Add(await LockContender.CreateAsync(context));
            }

            var ours = members.Select((m, i) => new DistributedLock(m.Session, $"{root}/ours/{i % locks}")).ToArray();
            var watched = members.Select((m, i) => new DistributedLock(m.PlainSession, $"{root}/watched/{i}")).ToArray();
            var serverLock = new CallTimer("lock", context.Time);
            var serverUnlock = new CallTimer("unlock", context.Time);
            var rawTxn = new CallTimer("txn", context.Time);
            var rawDelete = new CallTimer("delete", context.Time);

            var ourHandOvers = new HandOverRecorder(context.Time);
            var serverHandOvers = new HandOverRecorder(context.Time);

            async Task Ours(int w, CancellationToken ct)
            {
                var handle = await ours[w].AcquireAsync(ct);
                ourHandOvers.Acquired();
                await handle.ReleaseAsync(ct);
            }

            async Task Server(int w, CancellationToken ct)
            {
                var m = members[w];
                var held = await serverLock.TimeAsync(() => m.Raw.LockAsync($"{root}/server/{w % locks}", m.Session.LeaseId, cancellationToken: ct));
                serverHandOvers.Acquired();
                await serverUnlock.TimeAsync(() => m.Raw.UnlockAsync(held.Key.ToStringUtf8(), cancellationToken: ct));
            }

            async Task Raw(int w, CancellationToken ct)
            {
                var m = members[w];
                var key = $"{root}/raw/{w:x}";
                await rawTxn.TimeAsync(() => m.Raw.TransactionAsync(RawEtcd.PutIfAbsent(key, m.Session.LeaseId), cancellationToken: ct));
                await rawDelete.TimeAsync(() => m.Raw.DeleteAsync(key, cancellationToken: ct));
            }

            var uncontended = contenders == locks;
            Func<int, CancellationToken, Task>[] variants = uncontended
                ? [Ours, Server, Raw, (w, ct) => LockAblations.WithLostWatchAsync(watched[w], ct), (w, ct) => LockAblations.PlainDeleteAsync(members[w].Plain, members[w].Session.LeaseId, $"{root}/plaindelete/{w}", ct)]
                : [Ours, Server, Raw];
            var samples = await Throughput.CompareAsync(variants, contenders, context.Options.Duration, context.Options.Rounds, context, beforeSlice: RecordSlice, afterWarmUp: () =>
            {
                ourHandOvers.Reset();
                serverHandOvers.Reset();
                members.ForEach(m => m.Store.Reset());
                foreach (var timer in new[] { serverLock, serverUnlock, rawTxn, rawDelete })
                {
                    timer.Reset();
                }
            });
            var (our, server, raw) = (samples[0], samples[1], samples[2]);
            var ourCalls = Merge(members.SelectMany(m => m.Store.Snapshot()));
            var serverCalls = new[] { serverLock.Snapshot(), serverUnlock.Snapshot() };
            var rawCalls = new[] { rawTxn.Snapshot(), rawDelete.Snapshot() };
            var counts = $"ours {our.Describe()}; server-side lock {server.Describe()}; raw txn {raw.Describe()}";
            var name = $"lock cycles/s, {shape}";
            var figures = new List<BenchmarkFigure>
            {
                new()
                {
                    Suite = BenchmarkSuite.Lock, Name = name, Value = our.PerSecond, Unit = "cycles/s",
                    Peer = "etcd server-side lock (v3lock Lock+Unlock)", PeerValue = server.PerSecond,
                    Target = $"≥ {ServerLockTarget:0.0#}× peer", TargetMet = our.PerSecond >= ServerLockTarget * server.PerSecond, Note = counts,
                },
                new()
                {
                    Suite = BenchmarkSuite.Lock, Name = name, Value = our.PerSecond, Unit = "cycles/s",
                    Peer = "raw txn (put-if-absent txn + delete)", PeerValue = raw.PerSecond,
                    Target = $"≥ {RawTxnTarget:0.0#}× peer", TargetMet = our.PerSecond >= RawTxnTarget * raw.PerSecond, Note = counts,
                },
                new()
                {
                    Suite = BenchmarkSuite.Lock, Name = $"lock round trips per cycle, {shape}",
                    Value = Breakdown.RoundTripsPerCycle(ourCalls, our.Cycles), Unit = "calls/cycle",
                    Peer = "etcd server-side lock", PeerValue = Breakdown.RoundTripsPerCycle(serverCalls, server.Cycles),
                    Note = $"ours: {Breakdown.Describe(ourCalls, our.Cycles)}; server-side: {Breakdown.Describe(serverCalls, server.Cycles)}; raw: {Breakdown.Describe(rawCalls, raw.Cycles)}",
                },
            };
            if (locks < contenders)
            {
                var ourGaps = ourHandOvers.Gaps();
                var serverGaps = serverHandOvers.Gaps();
                figures.Add(new BenchmarkFigure
                {
                    Suite = BenchmarkSuite.Lock, Name = $"share of time in hand-over gaps over {LongGap.TotalMilliseconds:0} ms, {shape}",
                    Value = HandOverRecorder.LongGapShare(ourGaps, LongGap), Unit = "%",
                    Peer = "etcd server-side lock", PeerValue = HandOverRecorder.LongGapShare(serverGaps, LongGap),
                    Note = $"ours: {HandOverRecorder.Describe(ourGaps, LongGap)}; server-side: {HandOverRecorder.Describe(serverGaps, LongGap)}",
                });
            }

            if (uncontended)
            {
                figures.Add(Ablation($"{name}, ablation: Lost read each cycle (the holder-key watch armed)", samples[3], our));
                figures.Add(Ablation($"{name}, ablation: release by plain delete (etcd's Mutex.Unlock) instead of the fenced delete txn", samples[4], our));
            }

            return figures;

            void RecordSlice(int variant)
            {
                (variant == 0 ? ourHandOvers : variant == 1 ? serverHandOvers : null)?.NewSlice();
            }
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    private static BenchmarkFigure Ablation(string name, ThroughputSample variant, ThroughputSample ours) => new()
    {
        Suite = BenchmarkSuite.Lock, Name = name, Value = variant.PerSecond, Unit = "cycles/s",
        Peer = "our DistributedLock", PeerValue = ours.PerSecond, Note = variant.Describe(),
    };

    /// <summary>Sums the tallies of every contender by kind of call.</summary>
    internal static IReadOnlyList<CallTally> Merge(IEnumerable<CallTally> tallies) =>
        [.. tallies.GroupBy(t => t.Call, StringComparer.Ordinal)
            .Select(g => new CallTally(g.Key, g.Sum(t => t.Count), TimeSpan.FromTicks(g.Sum(t => t.Total.Ticks))))
            .OrderByDescending(t => t.Count).ThenBy(t => t.Call, StringComparer.Ordinal)];
}
