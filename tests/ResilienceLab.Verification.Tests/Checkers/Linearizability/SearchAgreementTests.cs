using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Tests.Checkers.Linearizability;

/// <summary>
/// The two searches are independent algorithms (backward WGL, forward frontier): on small random histories,
/// linearizable or not, they must agree; and the prefix before the frontier's failing operation must be
/// linearizable by WGL (so the failing prefix is the smallest).
/// </summary>
public sealed class SearchAgreementTests
{
    private const int Seeds = 150;
    private const long Budget = 10_000_000;

    public static TheoryData<int> SeedData() => [.. Enumerable.Range(1, Seeds)];

    [Fact]
    public void Partition_RandomSmallHistories_CoverBothOutcomes()
    {
        var failing = Enumerable.Range(1, Seeds).Count(seed => Search(Partition(seed)) == SearchOutcome.NotLinearizable);

        Assert.InRange(failing, Seeds / 10, Seeds * 9 / 10);
    }

    [Theory]
    [MemberData(nameof(SeedData))]
    public void Run_RandomSmallHistory_WglAndFrontierAgree(int seed)
    {
        var partition = Partition(seed);

        var frontier = FrontierSearch.Run(partition.Operations, partition.Initial, Budget);

        Assert.Equal(Search(partition), frontier.Outcome);
        if (frontier.Outcome == SearchOutcome.NotLinearizable)
        {
            var cutoff = partition.Operations[frontier.FailingOperation].Return;
            var before = partition.Operations
                .Where(o => o.Call < cutoff)
                .Select(o => o.Required && o.Return >= cutoff ? o with { Required = false, Return = long.MaxValue } : o)
                .ToList();
            Assert.Equal(SearchOutcome.Linearizable, WglSearch.Run(before, partition.Initial, Budget).Outcome);
        }
    }

    private static SearchOutcome Search(LinearizabilityPartition partition) => WglSearch.Run(partition.Operations, partition.Initial, Budget).Outcome;

    private static LinearizabilityPartition Partition(int seed)
    {
        var random = new DeterministicRandom(seed);
        var entries = CasRegisterHistoryGenerator.Generate(6 + random.Next(20), 1 + random.Next(5), (ulong)seed, infoRate: 0.15);

        // Corrupt a few completions at random: the result may or may not stay linearizable.
        var corrupted = entries.Select(e =>
            e.Type == HistoryEntryType.Ok && e.Op == HistoryOps.RegisterRead && random.Chance(0.15) ? e with { Value = random.Next(6).ToString(System.Globalization.CultureInfo.InvariantCulture) }
            : e.Type == HistoryEntryType.Fail && random.Chance(0.2) ? e with { Type = HistoryEntryType.Ok, Error = null }
            : e);
        return PartitionBuilder.Build(OperationHistory.From(MergedHistory.FromEntries(corrupted)), new LinearizabilityOptions()).Single();
    }
}
