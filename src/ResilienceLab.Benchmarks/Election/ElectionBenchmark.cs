using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Benchmarks.Locks;
using ResilienceLab.Coordination;
using V3Electionpb;

namespace ResilienceLab.Benchmarks.Election;

/// <summary>
/// Campaign + resign cycles/s of one candidate of our <see cref="LeaderElection"/>, and the latency from a
/// leader's resign to an observer's <see cref="LeaderElection.ObserveAsync"/> seeing the next leader; both against
/// etcd's server-side election (v3election Campaign/Resign/Observe through dotnet-etcd) in the same run.
/// </summary>
internal static class ElectionBenchmark
{
    public static async Task<IReadOnlyList<BenchmarkFigure>> RunAsync(BenchmarkContext context)
    {
        var figures = new List<BenchmarkFigure>();
        figures.AddRange(await CampaignRateAsync(context));

        context.Log("election: leader-change observation latency");
        var ours = await ObservationLatency.OursAsync(context, $"{context.Prefix}/observe/ours");
        var server = await ObservationLatency.ServerSideAsync(context, $"{context.Prefix}/observe/server");
        foreach (var (label, pick) in new (string, Func<LatencyStats, TimeSpan>)[] { ("p50", s => s.P50), ("p99", s => s.P99) })
        {
            figures.Add(new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Election,
                Name = $"leader change seen by an observer (resign → ObserveAsync), {label}",
                Value = pick(ours).TotalMilliseconds,
                Unit = "ms",
                Peer = "etcd server-side election (Resign → Observe)",
                PeerValue = pick(server).TotalMilliseconds,
                Note = $"ours {ours.Describe(seconds: false)}; server-side {server.Describe(seconds: false)}",
            });
        }

        return figures;
    }

    private static async Task<IReadOnlyList<BenchmarkFigure>> CampaignRateAsync(BenchmarkContext context)
    {
        context.Log("election: campaign + resign cycles");
        var root = $"{context.Prefix}/election";
        await using var candidate = await LockContender.CreateAsync(context);
        var election = new LeaderElection(candidate.Session, $"{root}/ours");
        var campaign = new CallTimer("campaign", context.Time);
        var resign = new CallTimer("resign", context.Time);

        async Task Ours(int w, CancellationToken ct)
        {
            await election.CampaignAsync("candidate", ct);
            await election.ResignAsync(ct);
        }

        async Task Server(int w, CancellationToken ct)
        {
            var won = await campaign.TimeAsync(() => candidate.Raw.CampaignAsync($"{root}/server", candidate.Session.LeaseId, "candidate", cancellationToken: ct));
            await resign.TimeAsync(() => candidate.Raw.ResignAsync(new ResignRequest { Leader = won.Leader }, cancellationToken: ct));
        }

        var samples = await Throughput.CompareAsync([Ours, Server], 1, context.Options.Duration, context.Options.Rounds, context, afterWarmUp: () =>
        {
            candidate.Store.Reset();
            campaign.Reset();
            resign.Reset();
        });
        var (our, server) = (samples[0], samples[1]);
        var ourCalls = candidate.Store.Snapshot();
        var serverCalls = new[] { campaign.Snapshot(), resign.Snapshot() };
        return
        [
            new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Election, Name = "campaigns/s (campaign + resign, 1 candidate)", Value = our.PerSecond, Unit = "cycles/s",
                Peer = "etcd server-side election (Campaign+Resign)", PeerValue = server.PerSecond,
                Note = $"ours {our.Describe()}; server-side {server.Describe()}",
            },
            new BenchmarkFigure
            {
                Suite = BenchmarkSuite.Election, Name = "election round trips per campaign cycle",
                Value = Breakdown.RoundTripsPerCycle(ourCalls, our.Cycles), Unit = "calls/cycle",
                Peer = "etcd server-side election", PeerValue = Breakdown.RoundTripsPerCycle(serverCalls, server.Cycles),
                Note = $"ours: {Breakdown.Describe(ourCalls, our.Cycles)}; server-side: {Breakdown.Describe(serverCalls, server.Cycles)}",
            },
        ];
    }
}
