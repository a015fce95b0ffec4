using Billing.Service;

namespace Billing.Tests;

public sealed class BatchProgressTests
{
    [Fact]
    public void From_Entries_OpenAreBatchesWithStepsLeftAndForeignKeysAreSkipped()
    {
        var keys = new BillingKeys("/billing");
        var progress = BatchProgress.From(
            [
                (keys.Batch(2), new BatchSpec(2, 10, 4, 500).Format()),
                (keys.Batch(1), new BatchSpec(1, 10, 4, 500).Format()),
                (keys.Batch(3), new BatchSpec(3, 10, 4, 500).Format()),
                (keys.Batch(4), "not a batch"),
            ],
            [(keys.Checkpoint(1), "4"), (keys.Checkpoint(2), "3"), (keys.Checkpoint(3), "garbage")]);

        Assert.Equal([1, 2, 3], progress.Batches.Select(b => b.Id));

        // Batch 1 has every chunk committed but no revenue posted: still open, so someone posts it.
        Assert.Equal([1, 2, 3], progress.Open.Select(b => b.Id));
        Assert.Equal(3, progress.StepsDone(2));
        Assert.Equal(0, progress.StepsDone(3));
    }

    [Fact]
    public void Open_CompleteAndPosted_IsNotOpen()
    {
        var keys = new BillingKeys("/billing");
        var progress = BatchProgress.From(
            [(keys.Batch(1), new BatchSpec(1, 10, 4, 500).Format()), (keys.Batch(2), new BatchSpec(2, 10, 4, 500).Format())],
            [(keys.Checkpoint(1), "4"), (keys.Checkpoint(2), "4")],
            Revenue.Parse("total=500;batches=1"));

        Assert.Equal([2], progress.Open.Select(b => b.Id));
    }
}
