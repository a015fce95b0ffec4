using System.Globalization;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Nats;
using ResilienceLab.Hosting;

namespace ResilienceLab.Benchmarks.Stores;

/// <summary>
/// The coordination stores side by side, through the backend interface a service uses (<see cref="ICoordinationBackend"/>),
/// each against a store started for the purpose (1 etcd member with fast failure detection; one nats-server):
/// (1) take-over — a holder takes a lock on a fresh session and never renews it, a waiter (started at a random phase
/// of the poll interval) takes it once it expires; reported as the time after acquire + TTL; (2) CAS throughput —
/// writers run the CAS update loop on one counter (<see cref="Throughput"/>, the loop every throughput figure uses).
/// `reslab bench --only stores` prints it as figures; `reslab compare` puts the same measurements in its report.
/// </summary>
public static class StoreBenchmark
{
    /// <summary>The lock TTL of the take-over rounds.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    /// <summary>The NATS backend's poll intervals measured (etcd watches instead).</summary>
    public static readonly IReadOnlyList<TimeSpan> PollIntervals = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];

    /// <summary>Concurrent writers of the CAS figures.</summary>
    public static readonly IReadOnlyList<int> Writers = [1, 8];

    /// <summary>
    /// Measures one store: <paramref name="rounds"/> take-over rounds per variant (after one uncounted warm-up round) and
    /// <paramref name="casDuration"/> of CAS increments per writer count.
    /// </summary>
    public static async Task<StorePrimitives> MeasureAsync(StoreKind store, int rounds, TimeSpan casDuration, Action<string> log, CancellationToken cancellationToken)
    {
        var options = new BenchmarkOptions { Suites = new HashSet<BenchmarkSuite> { BenchmarkSuite.Stores }, TakeoverTrials = rounds, Duration = casDuration };
        return await MeasureAsync(new BenchmarkContext(options, log, cancellationToken), store);
    }

    internal static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        var etcd = await MeasureAsync(context, StoreKind.Etcd);
        var nats = await MeasureAsync(context, StoreKind.Nats);
        var figures = new List<BenchmarkFigure>();
        var peer = LatencyStats.Of(etcd.TakeOver[0].AfterExpiry);
        foreach (var (store, sample) in etcd.TakeOver.Select(t => ("etcd", t)).Concat(nats.TakeOver.Select(t => ("nats", t))))
        {
            var stats = LatencyStats.Of(sample.AfterExpiry);
            var isPeer = store == "etcd";
            figures.Add(new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Stores,
                Name = $"take-over after expiry, TTL {Ttl.TotalSeconds:0} s, {store} {sample.Variant}, p50",
                Value = stats.P50.TotalMilliseconds,
                Unit = "ms",
                Peer = isPeer ? null : "etcd watch",
                PeerValue = isPeer ? null : peer.P50.TotalMilliseconds,
                Note = stats.Describe(seconds: false),
            });
        }

        foreach (var writers in Writers)
        {
            var ours = etcd.Cas.First(c => c.Writers == writers);
            var theirs = nats.Cas.First(c => c.Writers == writers);
            figures.Add(new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Stores,
                Name = $"CAS increments/s on one key, {writers} writer{(writers == 1 ? "" : "s")}, nats",
                Value = theirs.OpsPerSecond,
                Unit = "ops/s",
                Peer = "etcd",
                PeerValue = ours.OpsPerSecond,
                Note = string.Create(CultureInfo.InvariantCulture, $"{theirs.Increments} increments on nats, {ours.Increments} on etcd"),
            });
        }

        return figures;
    }

    private static async Task<StorePrimitives> MeasureAsync(BenchmarkContext context, StoreKind store)
    {
        var time = context.Time;
        if (store == StoreKind.Etcd)
        {
            await using var cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true, TimeProvider = time }, context.CancellationToken);
            ICoordinationBackend Connect() => new EtcdCoordinationBackend(cluster.CreateStore(o => o.TimeProvider = time), time, ownsStore: true);
            var takeOver = await TakeOverAsync(context, "watch", Connect, TimeSpan.Zero);
            return new StorePrimitives(store, [takeOver], await CasAsync(context, "etcd", Connect));
        }

        await using var server = await NatsServerProcess.StartAsync(cancellationToken: context.CancellationToken);
        var results = new List<TakeOverSample>();
        foreach (var poll in PollIntervals)
        {
            var buckets = $"bench{(int)poll.TotalMilliseconds}";
            results.Add(await TakeOverAsync(context, $"poll {poll.TotalMilliseconds:0} ms", () => new NatsCoordinationBackend(new NatsBackendOptions { Url = server.Url, BucketPrefix = buckets, PollInterval = poll, TimeProvider = time }), poll));
        }

        var cas = await CasAsync(context, "nats", () => new NatsCoordinationBackend(new NatsBackendOptions { Url = server.Url, BucketPrefix = "benchcas", TimeProvider = time }));
        return new StorePrimitives(store, results, cas);
    }

    private static async Task<TakeOverSample> TakeOverAsync(BenchmarkContext context, string variant, Func<ICoordinationBackend> connect, TimeSpan poll)
    {
        var time = context.Time;
        var random = context.Random.Fork($"takeover-{variant}");
        var samples = new List<TimeSpan>();

        // Round 0 warms up (JIT, first connections) and is not counted.
        for (var round = 0; round <= context.Options.TakeoverTrials; round++)
        {
            using var deadline = context.Deadline(Ttl * 5);
            await using var holderBackend = connect();
            await using var waiterBackend = connect();
            var waiter = await waiterBackend.OpenSessionAsync(new SessionOptions { Ttl = Ttl }, deadline.Token);
            var name = $"{context.Prefix}/takeover/{round}";

            // Never renewed: the NATS entry written by this acquire expires one TTL later, the etcd lease (granted by the
            // session a round trip earlier) a few milliseconds sooner — so etcd's figure is, if anything, overstated.
            var holder = await holderBackend.OpenSessionAsync(new SessionOptions { Ttl = Ttl }, deadline.Token);
            var written = time.GetTimestamp();
            await holder.CreateLock(name, "holder").AcquireAsync(deadline.Token);
            await holder.AbandonAsync();
            if (poll > TimeSpan.Zero)
            {
                await Task.Delay(random.Jitter(poll / 2, poll / 2), time, deadline.Token);
            }

            var taken = await waiter.CreateLock(name, "waiter").AcquireAsync(deadline.Token);
            var after = time.GetElapsedTime(written) - Ttl;
            await taken.ReleaseAsync(deadline.Token);
            await waiter.CloseAsync(deadline.Token);
            if (round > 0)
            {
                samples.Add(after);
            }
        }

        context.Log($"  take-over ({variant}): {LatencyStats.Of(samples).Describe(seconds: false)} after expiry");
        return new TakeOverSample(variant, samples);
    }

    private static async Task<IReadOnlyList<CasSample>> CasAsync(BenchmarkContext context, string store, Func<ICoordinationBackend> connect)
    {
        var results = new List<CasSample>();
        foreach (var writers in Writers)
        {
            var key = $"{context.Prefix}/cas/{store}/{writers}";
            var backends = Enumerable.Range(0, writers).Select(_ => connect()).ToList();
            try
            {
                var registers = backends.Select(b => b.Register(key)).ToArray();
                var retries = Enumerable.Range(0, writers)
                    .Select(w => CasRetry.OnConflict(context.Time, context.Random.Fork($"cas-{store}-{writers}-{w}"), maxAttempts: 1000, baseDelay: TimeSpan.FromMilliseconds(1)))
                    .ToArray();
                var sample = await Throughput.MeasureAsync(
                    writers,
                    async (w, ct) => await registers[w].UpdateAsync(v => ((long.TryParse(v, out var n) ? n : 0) + 1).ToString(CultureInfo.InvariantCulture), retries[w], ct),
                    context.Options.Duration,
                    context);
                results.Add(new CasSample(writers, sample.PerSecond, sample.Cycles));
                context.Log(string.Create(CultureInfo.InvariantCulture, $"  CAS, {writers} writer(s): {sample.PerSecond:0} increments/s"));
            }
            finally
            {
                foreach (var backend in backends)
                {
                    await backend.DisposeAsync();
                }
            }
        }

        return results;
    }
}
