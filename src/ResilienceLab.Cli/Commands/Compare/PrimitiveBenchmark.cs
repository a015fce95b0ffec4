using ResilienceLab.Chaos.Plans;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Nats;
using ResilienceLab.Hosting;

namespace ResilienceLab.Cli.Commands.Compare;

/// <summary>Take-over after the holder stops renewing, for one store (and, on NATS, one poll interval).</summary>
/// <param name="Variant">e.g. <c>watch</c> (etcd) or <c>poll 100 ms</c> (NATS).</param>
/// <param name="AfterExpiry">How long after the holder's entry / lease expired the waiter held the lock.</param>
internal sealed record TakeOverBench(string Variant, LatencySample AfterExpiry);

/// <summary>Compare-and-swap increments per second with <paramref name="Writers"/> concurrent writers (each its own connection).</summary>
internal sealed record CasBench(int Writers, double OpsPerSecond, int Increments);

/// <summary>The primitive measurements of one store.</summary>
internal sealed record StoreBench(StoreKind Store, IReadOnlyList<TakeOverBench> TakeOver, IReadOnlyList<CasBench> Cas);

/// <summary>
/// Measures the primitives directly, against a store started for the purpose (1 etcd member with fast failure
/// detection; one nats-server): (1) take-over — a holder takes a lock on a fresh session and never renews it, a
/// waiter (started at a random phase of the poll interval) takes it once it expires; reported as the time after
/// acquire + TTL; (2) CAS throughput — writers run the CAS update loop
/// on one counter for a fixed time.
/// </summary>
internal static class PrimitiveBenchmark
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan[] PollIntervals = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)];
    public static readonly int[] Writers = [1, 8];

    public static async Task<StoreBench> RunAsync(StoreKind store, int rounds, TimeSpan casDuration, TextWriter log, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        if (store == StoreKind.Etcd)
        {
            await using var cluster = await EtcdCluster.StartAsync(new EtcdClusterOptions { Members = 1, FastFailureDetection = true }, cancellationToken);
            ICoordinationBackend Connect() => new EtcdCoordinationBackend(cluster.CreateStore(), time, ownsStore: true);
            var takeOver = await TakeOverAsync("watch", Connect, TimeSpan.Zero, rounds, log, cancellationToken);
            return new StoreBench(store, [takeOver], await CasAsync(Connect, casDuration, log, cancellationToken));
        }

        await using var server = await NatsServerProcess.StartAsync(cancellationToken: cancellationToken);
        var results = new List<TakeOverBench>();
        foreach (var poll in PollIntervals)
        {
            var buckets = $"bench{(int)poll.TotalMilliseconds}";
            results.Add(await TakeOverAsync($"poll {poll.TotalMilliseconds:0} ms", () => new NatsCoordinationBackend(new NatsBackendOptions { Url = server.Url, BucketPrefix = buckets, PollInterval = poll }), poll, rounds, log, cancellationToken));
        }

        var cas = await CasAsync(() => new NatsCoordinationBackend(new NatsBackendOptions { Url = server.Url, BucketPrefix = "benchcas" }), casDuration, log, cancellationToken);
        return new StoreBench(store, results, cas);
    }

    private static async Task<TakeOverBench> TakeOverAsync(string variant, Func<ICoordinationBackend> connect, TimeSpan poll, int rounds, TextWriter log, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var random = new DeterministicRandom(rounds);
        var samples = new List<double>();

        // Round 0 warms up (JIT, first connections) and is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            await using var holderBackend = connect();
            await using var waiterBackend = connect();
            var waiter = await waiterBackend.OpenSessionAsync(new SessionOptions { Ttl = Ttl }, cancellationToken);
            var name = $"/bench/takeover/{Guid.NewGuid():N}";

            // Never renewed: the NATS entry written by this acquire expires one TTL later, the etcd lease (granted by the
            // session a round trip earlier) a few milliseconds sooner — so etcd's figure is, if anything, overstated.
            var holder = await holderBackend.OpenSessionAsync(new SessionOptions { Ttl = Ttl }, cancellationToken);
            var written = time.GetTimestamp();
            await holder.CreateLock(name, "holder").AcquireAsync(cancellationToken);
            await holder.AbandonAsync();
            if (poll > TimeSpan.Zero)
            {
                await Task.Delay(random.Jitter(poll / 2, poll / 2), time, cancellationToken);
            }

            var taken = await waiter.CreateLock(name, "waiter").AcquireAsync(cancellationToken).WaitAsync(Ttl * 5, time, cancellationToken);
            var after = (time.GetElapsedTime(written) - Ttl).TotalMilliseconds;
            await taken.ReleaseAsync(cancellationToken);
            await waiter.CloseAsync(cancellationToken);
            if (round > 0)
            {
                samples.Add(after);
            }
        }

        var sample = new LatencySample(samples);
        await log.WriteLineAsync($"  take-over ({variant}): p50 {sample.P50:0} ms, max {sample.Max:0} ms after expiry over {sample.Count} rounds");
        return new TakeOverBench(variant, sample);
    }

    private static async Task<IReadOnlyList<CasBench>> CasAsync(Func<ICoordinationBackend> connect, TimeSpan duration, TextWriter log, CancellationToken cancellationToken)
    {
        var results = new List<CasBench>();
        foreach (var writers in Writers)
        {
            var key = $"/bench/cas/{Guid.NewGuid():N}";
            var backends = Enumerable.Range(0, writers).Select(_ => connect()).ToList();
            try
            {
                var time = TimeProvider.System;
                var started = time.GetTimestamp();
                var counts = await Task.WhenAll(backends.Select(async (backend, i) =>
                {
                    var register = backend.Register(key);
                    var retry = CasRetry.OnConflict(time, new DeterministicRandom(i), maxAttempts: 1000, baseDelay: TimeSpan.FromMilliseconds(1));
                    var done = 0;
                    while (time.GetElapsedTime(started) < duration)
                    {
                        await register.UpdateAsync(v => ((long.TryParse(v, out var n) ? n : 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), retry, cancellationToken);
                        done++;
                    }

                    return done;
                }));
                var elapsed = time.GetElapsedTime(started).TotalSeconds;
                var total = counts.Sum();
                results.Add(new CasBench(writers, total / elapsed, total));
                await log.WriteLineAsync($"  CAS, {writers} writer(s): {total / elapsed:0} increments/s");
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
