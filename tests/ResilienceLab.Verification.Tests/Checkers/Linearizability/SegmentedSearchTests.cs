using ResilienceLab.History;
using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Tests.Checkers.Linearizability;

/// <summary>
/// The windowed search bounds memory on long partitions (issue #18, item 14); it may only ever answer
/// "linearizable", and only when the whole search would.
/// </summary>
public sealed class SegmentedSearchTests
{
    private const long Budget = 50_000_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TryLinearize_LongRegisterHistory_AgreesWithTheWholeSearch(int seed)
    {
        var entries = CasRegisterHistoryGenerator.Generate(3 * SegmentedSearch.MinWindow, 4, (ulong)seed, infoRate: 0);
        var partition = Partition(entries);

        var windows = SegmentedSearch.TryLinearize(partition.Operations, partition.Initial, _ => Budget);

        Assert.Equal(SearchOutcome.Linearizable, WglSearch.Run(partition.Operations, partition.Initial, Budget).Outcome);
        Assert.Equal(SearchOutcome.Linearizable, windows?.Outcome);
    }

    [Fact]
    public void TryLinearize_LongCounterWithALostIncrementLate_DoesNotAnswer()
    {
        var history = new HistoryBuilder();
        var count = 3 * SegmentedSearch.MinWindow;
        for (var i = 0; i < count; i++)
        {
            // The last increment claims a value one too high: only the last window can see it.
            var value = i + 1 + (i == count - 1 ? 1 : 0);
            history.Ok($"w{i % 4}", i * 0.001, (i * 0.001) + 0.0005, HistoryOps.CounterIncrement, "/c", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var partition = Partition(history.Entries);

        Assert.Null(SegmentedSearch.TryLinearize(partition.Operations, partition.Initial, _ => Budget));
        Assert.Equal(SearchOutcome.NotLinearizable, WglSearch.Run(partition.Operations, partition.Initial, Budget).Outcome);
    }

    [Fact]
    public void TryLinearize_RegisterWithConcurrentLastWrites_DoesNotCutWhereTheEndStateIsOpen()
    {
        // Two concurrent writes end every window candidate; the read after them decides which came last. Cutting
        // there and carrying one search's end state forward could wrongly fail; the search must not cut.
        var history = new HistoryBuilder();
        var t = 0.0;
        for (var i = 0; i < 3 * SegmentedSearch.MinWindow / 3; i++)
        {
            history.Ok("a", t, t + 0.002, HistoryOps.RegisterWrite, "/r", "x");
            history.Ok("b", t + 0.001, t + 0.003, HistoryOps.RegisterWrite, "/r", "y");
            // Reads "x": the later-called write "y" must have been linearized first.
            history.Ok("c", t + 0.004, t + 0.005, HistoryOps.RegisterRead, "/r", "x");
            t += 0.01;
        }

        var partition = Partition(history.Entries);

        Assert.Equal(SearchOutcome.Linearizable, SegmentedSearch.TryLinearize(partition.Operations, partition.Initial, _ => Budget)?.Outcome);
    }

    private static LinearizabilityPartition Partition(IEnumerable<HistoryEntry> entries) =>
        PartitionBuilder.Build(OperationHistory.From(MergedHistory.FromEntries(entries)), new LinearizabilityOptions()).Single();
}
