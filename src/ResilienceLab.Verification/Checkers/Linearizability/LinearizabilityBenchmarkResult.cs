namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>One benchmark measurement.</summary>
/// <param name="Operations">Operations in the history.</param>
/// <param name="Clients">Concurrent clients.</param>
/// <param name="Seed">The generator's seed.</param>
/// <param name="Elapsed">Time to check linearizability (pairing + search), excluding generation.</param>
/// <param name="Status">The check's verdict (expected: passed).</param>
/// <param name="Summary">The check's summary (keys, operations, search steps).</param>
public sealed record LinearizabilityBenchmarkResult(int Operations, int Clients, ulong Seed, TimeSpan Elapsed, CheckStatus Status, string Summary)
{
    /// <summary>Operations checked per second.</summary>
    public double OperationsPerSecond => Operations / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
