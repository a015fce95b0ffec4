using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Times the linearizability check on seeded CAS-register histories (what `reslab bench` prints).
/// Target: 10,000 operations by 8 clients in under a second on a 2-core machine.
/// </summary>
public static class LinearizabilityBenchmark
{
    /// <summary>The sizes reported by default.</summary>
    public static IReadOnlyList<int> DefaultSizes { get; } = [1_000, 10_000, 100_000];

    /// <summary>Generates a history of <paramref name="operations"/> operations and times its check.</summary>
    public static LinearizabilityBenchmarkResult Run(int operations, int clients = 8, ulong seed = 1, TimeProvider? timeProvider = null, LinearizabilityOptions? options = null)
    {
        timeProvider ??= TimeProvider.System;
        var history = MergedHistory.FromEntries(CasRegisterHistoryGenerator.Generate(operations, clients, seed));
        var started = timeProvider.GetTimestamp();
        var result = new LinearizabilityCheck(options).Run(OperationHistory.From(history));
        var elapsed = timeProvider.GetElapsedTime(started);
        return new LinearizabilityBenchmarkResult(operations, clients, seed, elapsed, result.Status, result.Summary);
    }

    /// <summary>Runs every size in <paramref name="sizes"/> (default 1k, 10k, 100k) after one warm-up run.</summary>
    public static IReadOnlyList<LinearizabilityBenchmarkResult> RunAll(IEnumerable<int>? sizes = null, int clients = 8, ulong seed = 1, TimeProvider? timeProvider = null)
    {
        Run(500, clients, seed, timeProvider);
        return [.. (sizes ?? DefaultSizes).Select(n => Run(n, clients, seed, timeProvider))];
    }
}
