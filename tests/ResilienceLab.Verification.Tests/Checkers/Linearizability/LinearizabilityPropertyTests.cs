using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Tests.Checkers.Linearizability;

/// <summary>Generated CAS-register histories are linearizable; one injected anomaly makes them fail at that operation.</summary>
public sealed class LinearizabilityPropertyTests
{
    private const int Seeds = 40;

    public static TheoryData<int> SeedData() => [.. Enumerable.Range(1, Seeds)];

    private static IReadOnlyList<HistoryEntry> Generate(int seed, double infoRate = 0.02) =>
        CasRegisterHistoryGenerator.Generate(200 + (seed * 7 % 300), 2 + (seed % 7), (ulong)seed, infoRate);

    private static CheckResult Check(IEnumerable<HistoryEntry> entries) =>
        new LinearizabilityCheck().Run(OperationHistory.From(MergedHistory.FromEntries(entries)));

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_GeneratedHistory_IsLinearizable(int seed)
    {
        var result = Check(Generate(seed));

        Assert.True(result.Passed, $"seed {seed}: {result.Counterexample}");
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_ReadOfAValueNeverWritten_FailsAtThatRead(int seed)
    {
        var entries = Generate(seed);
        var random = new DeterministicRandom(seed);
        var reads = entries.Where(e => e.Op == HistoryOps.RegisterRead && e.Type == HistoryEntryType.Ok).ToList();
        var victim = reads[random.Next(reads.Count)];

        var result = Check(entries.Select(e => ReferenceEquals(e, victim) ? e with { Value = "never-written" } : e));

        Assert.False(result.Passed, $"seed {seed}");
        var violation = Assert.Single(result.Violations);
        Assert.Equal(victim.Time, violation.End);
        Assert.Equal(victim.Process, violation.Processes[0]);
        Assert.Contains("value=never-written", result.Counterexample);
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_StaleReadAfterQuiescentWrite_Fails(int seed)
    {
        var entries = Generate(seed, infoRate: 0).ToList();
        var end = entries.Max(e => e.Time);
        var lastValue = entries.Where(e => e.Type == HistoryEntryType.Ok && e.Op != HistoryOps.RegisterRead).MaxBy(e => e.Time)?.Value ?? "0";
        var fresh = "fresh-" + seed;
        entries.AddRange(
        [
            new HistoryEntry { Time = end.AddSeconds(1), Process = "writer", Type = HistoryEntryType.Invoke, Op = HistoryOps.RegisterWrite, Id = 1, Key = CasRegisterHistoryGenerator.Key, Value = fresh },
            new HistoryEntry { Time = end.AddSeconds(2), Process = "writer", Type = HistoryEntryType.Ok, Op = HistoryOps.RegisterWrite, Id = 1, Key = CasRegisterHistoryGenerator.Key, Value = fresh },
            new HistoryEntry { Time = end.AddSeconds(3), Process = "reader", Type = HistoryEntryType.Invoke, Op = HistoryOps.RegisterRead, Id = 1, Key = CasRegisterHistoryGenerator.Key },
            new HistoryEntry { Time = end.AddSeconds(4), Process = "reader", Type = HistoryEntryType.Ok, Op = HistoryOps.RegisterRead, Id = 1, Key = CasRegisterHistoryGenerator.Key, Value = lastValue },
        ]);

        var result = Check(entries);

        Assert.False(result.Passed, $"seed {seed}");
        Assert.Equal(["reader"], result.Violations[0].Processes);
        Assert.Contains($"ends in state \"{fresh}\"", result.Counterexample);
    }

    [Fact]
    public void Benchmark_ThousandOperations_IsLinearizable()
    {
        var result = LinearizabilityBenchmark.Run(1_000, clients: 8, seed: 7);

        Assert.Equal(CheckStatus.Passed, result.Status);
        Assert.Equal(1_000, result.Operations);
        Assert.True(result.OperationsPerSecond > 0);
    }

    [Fact]
    public void Generate_SameSeed_GivesTheSameHistory()
    {
        var first = CasRegisterHistoryGenerator.Generate(300, 4, 99);
        var second = CasRegisterHistoryGenerator.Generate(300, 4, 99);

        Assert.Equal(first.Select(HistoryJson.Serialize), second.Select(HistoryJson.Serialize));
        Assert.Equal(600, first.Count);
    }
}
