using ResilienceLab.Benchmarks.Infrastructure;

namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>
/// How long a waiter takes to get a lock whose holder went away: SIGKILLed (the lease must expire: TTL, plus up to
/// 500 ms until etcd's lessor notices, minus however much of the TTL had passed since the holder's last
/// keep-alive), stopped gracefully (SIGINT: etcdctl unlocks), or released in process. Trials alternate between our
/// waiter and etcd's server-side lock as the peer, behind the same kind of holder.
/// </summary>
internal static class TakeoverBenchmark
{
    /// <summary>What the issue allows over the TTL at p99 (etcd's lessor checks every 500 ms, plus a margin).</summary>
    public static readonly TimeSpan CrashSlack = TimeSpan.FromSeconds(0.6);

    /// <summary>The bound on a hand-over after a graceful stop or release, at p99.</summary>
    public static readonly TimeSpan GracefulBound = TimeSpan.FromSeconds(0.2);

    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        var figures = new List<BenchmarkFigure>();
        var options = context.Options;
        foreach (var ttl in options.TakeoverTtls)
        {
            context.Log($"takeover: SIGKILL, TTL {ttl.TotalSeconds:0} s, {options.TakeoverTrials} trials each for ours and the server-side lock");
            var runs = await TakeoverTrials.RunAsync(context, TakeoverKind.Crash, ttl, options.TakeoverLanes);
            figures.AddRange(Figures(
                $"take-over after SIGKILL of the holder, TTL {ttl.TotalSeconds:0} s",
                runs,
                ttl + CrashSlack,
                $"holder: etcdctl lock --ttl {ttl.TotalSeconds:0}, SIGKILLed at a random point of its keep-alive period (TTL/3)"));
        }

        var gracefulTtl = options.TakeoverTtls[0];
        context.Log("takeover: graceful stop (SIGINT to etcdctl lock)");
        var stopped = await TakeoverTrials.RunAsync(context, TakeoverKind.GracefulStop, gracefulTtl, lanes: 1);
        figures.AddRange(Figures("take-over after graceful stop of the holder (SIGINT)", stopped, GracefulBound, "holder: etcdctl lock, which unlocks on SIGINT; includes its signal handling and unlock call"));

        context.Log("takeover: in-process release");
        var released = await TakeoverTrials.RunAsync(context, TakeoverKind.Release, gracefulTtl, lanes: 1);
        figures.AddRange(Figures("hand-over after release (holder's ReleaseAsync / Unlock)", released, GracefulBound, "holder in the same process: our ReleaseAsync, or Unlock for the peer"));
        return figures;
    }

    private static IEnumerable<BenchmarkFigure> Figures(string name, TakeoverResults runs, TimeSpan bound, string how)
    {
        var ours = runs.Ours;
        var server = runs.ServerSide;
        var note = $"ours {ours.Describe(seconds: true)}; server-side {server.Describe(seconds: true)}; {how}";
        yield return new BenchmarkFigure
        {
            Suite = BenchmarkSuite.Takeover, Name = $"{name}, p50", Value = ours.P50.TotalSeconds, Unit = "s",
            Peer = "etcd server-side lock waiter", PeerValue = server.P50.TotalSeconds, Note = note,
        };
        yield return new BenchmarkFigure
        {
            Suite = BenchmarkSuite.Takeover, Name = $"{name}, p99", Value = ours.P99.TotalSeconds, Unit = "s",
            Peer = "etcd server-side lock waiter", PeerValue = server.P99.TotalSeconds,
            Target = $"≤ {bound.TotalSeconds:0.0#} s", TargetMet = ours.Count > 0 && ours.P99 <= bound, Note = note,
        };
    }
}
