using System.Globalization;
using ResilienceLab.Verification.Checkers.Linearizability;

namespace ResilienceLab.Benchmarks.Checker;

/// <summary>Linearizability check time of seeded 8-client CAS-register histories by length (1k, 10k, 100k operations).</summary>
internal static class CheckerBenchmark
{
    /// <summary>The verification issue's target: 10,000 operations checked in under a second.</summary>
    public static readonly TimeSpan TenThousandTarget = TimeSpan.FromSeconds(1);

    public static IReadOnlyList<BenchmarkFigure> Run(Infrastructure.BenchmarkContext context)
    {
        var sizes = context.Options.CheckerSizes;
        context.Log($"checker: {string.Join(", ", sizes)} operations");
        var results = LinearizabilityBenchmark.RunAll(sizes, clients: 8, seed: (ulong)context.Options.Seed, timeProvider: context.Time);
        var first = results[0];
        double PerOp(LinearizabilityBenchmarkResult r) => r.Elapsed.TotalMilliseconds * 1000 / r.Operations;
        return [.. results.Select(r => new BenchmarkFigure
        {
            Suite = BenchmarkSuite.Checker,
            Name = $"linearizability check, {r.Operations:N0} ops, {r.Clients} clients",
            Value = r.Elapsed.TotalMilliseconds,
            Unit = "ms",
            Peer = $"{first.Operations:N0} ops scaled linearly",
            PeerValue = first.Elapsed.TotalMilliseconds * r.Operations / first.Operations,
            Target = r.Operations == 10_000 ? $"< {TenThousandTarget.TotalSeconds:0} s" : null,
            TargetMet = r.Operations == 10_000 ? r.Elapsed < TenThousandTarget && r.Status == Verification.CheckStatus.Passed : null,
            Note = string.Create(CultureInfo.InvariantCulture, $"{PerOp(r):0.0} µs/op, {r.OperationsPerSecond:N0} ops/s; verdict {r.Status}; {r.Summary}"),
        })];
    }
}
