using System.Globalization;
using dotnet_etcd;
using Etcdserverpb;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Benchmarks.Cas;

/// <summary>
/// Increments/s of <see cref="CasRegister.UpdateAsync"/> (read, CAS txn, back off and retry on conflict with
/// <see cref="CasRegister.ConflictRetry"/>) by 1, 4 and 16 writers on one key, with the conflict rate; the peer is
/// the same read + CAS txn by the same number of writers on a key each (no contention): what contention costs.
/// </summary>
internal static class CasBenchmark
{
    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        var figures = new List<BenchmarkFigure>();
        foreach (var writers in context.Options.CasWriters)
        {
            figures.AddRange(await MeasureAsync(context, writers));
        }

        return figures;
    }

    private static async Task<IReadOnlyList<BenchmarkFigure>> MeasureAsync(BenchmarkContext context, int writers)
    {
        context.Log($"cas: {writers} writer{(writers == 1 ? "" : "s")}");
        var root = $"{context.Prefix}/cas/{writers}";
        var key = $"{root}/shared";
        var stores = new List<EtcdKeyValueStore>();
        var raws = new List<EtcdClient>();
        try
        {
            for (var w = 0; w < writers; w++)
            {
                stores.Add(context.CreateStore());
                raws.Add(context.CreateRawClient());
            }

            var registers = stores.Select(s => new CasRegister(s, key)).ToArray();
            var pipelines = Enumerable.Range(0, writers).Select(w => CasRegister.ConflictRetry(context.Time, context.Random.Fork($"cas-{writers}-{w}"))).ToArray();
            long attempts = 0, increments = 0, committed = 0, gaveUp = 0;

            async Task Ours(int w, CancellationToken ct)
            {
                try
                {
                    await registers[w].UpdateAsync(
                        value =>
                        {
                            Interlocked.Increment(ref attempts);
                            return Next(value);
                        },
                        pipelines[w],
                        ct);
                    Interlocked.Increment(ref increments);
                    Interlocked.Increment(ref committed);
                }
                catch (CasConflictException)
                {
                    Interlocked.Increment(ref gaveUp);
                }
            }

            async Task Raw(int w, CancellationToken ct)
            {
                var own = $"{root}/raw/{w:x}";
                var current = await raws[w].GetAsync(new RangeRequest { Key = RawEtcd.Bytes(own) }, cancellationToken: ct);
                var kv = current.Kvs.Count == 0 ? null : current.Kvs[0];
                await raws[w].TransactionAsync(RawEtcd.CompareAndSwap(own, kv?.ModRevision ?? 0, Next(kv?.Value.ToStringUtf8())), cancellationToken: ct);
            }

            var samples = await Throughput.CompareAsync([Ours, Raw], writers, context.Options.Duration, context.Options.Rounds, context, afterWarmUp: () =>
            {
                Interlocked.Exchange(ref attempts, 0);
                Interlocked.Exchange(ref increments, 0);
                Interlocked.Exchange(ref gaveUp, 0);
            });
            var (our, raw) = (samples[0], samples[1]);
            var final = (await registers[0].ReadAsync(context.CancellationToken)).Value;
            var conflicts = attempts - increments;
            var conflictRate = attempts == 0 ? 0 : 100.0 * conflicts / attempts;
            var note = string.Create(
                CultureInfo.InvariantCulture,
                $"{increments} increments, {attempts} attempts (read + CAS txn each), {conflicts} conflicts, {gaveUp} gave up after the retry budget; counter ends at {final}, increments committed {committed} ({(final == committed.ToString(CultureInfo.InvariantCulture) ? "no lost update" : "MISMATCH")}); ours {our.Describe()}; raw {raw.Describe()}");
            var shape = $"{writers} writer{(writers == 1 ? "" : "s")} on 1 key";
            return
            [
                new BenchmarkFigure
                {
                    Suite = BenchmarkSuite.Cas, Name = $"CAS increments/s, {shape}", Value = our.PerSecond, Unit = "increments/s",
                    Peer = $"raw read + CAS txn, {writers} writer{(writers == 1 ? "" : "s")} on own keys (no contention)", PeerValue = raw.PerSecond, Note = note,
                },
                new BenchmarkFigure
                {
                    Suite = BenchmarkSuite.Cas, Name = $"CAS conflict rate (conflicts / attempts), {shape}", Value = conflictRate, Unit = "%",
                    Note = string.Create(CultureInfo.InvariantCulture, $"{attempts / (double)Math.Max(1, increments):0.00} attempts per increment"),
                },
            ];
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

    private static string Next(string? value) =>
        ((string.IsNullOrEmpty(value) ? 0 : long.Parse(value, CultureInfo.InvariantCulture)) + 1).ToString(CultureInfo.InvariantCulture);
}
