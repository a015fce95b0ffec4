using Billing.Service;
using ResilienceLab.Coordination;

namespace Billing.Tests;

public sealed class BatchPlannerTests
{
    [Fact]
    public void Next_NoBatches_SchedulesBatchOneWithinBounds()
    {
        var batch = BatchPlanner.Next(Progress(), new BillingOptions { StepsPerBatch = 8 }, new DeterministicRandom(1));

        Assert.NotNull(batch);
        Assert.Equal(1, batch.Id);
        Assert.InRange(batch.Invoices, BatchPlanner.MinInvoices, BatchPlanner.MaxInvoices);
        Assert.Equal(Math.Min(8, batch.Invoices), batch.Steps);
        Assert.InRange(batch.AmountCents, (long)batch.Invoices * BatchPlanner.MinInvoiceCents, (long)batch.Invoices * BatchPlanner.MaxInvoiceCents);
    }

    [Fact]
    public void Next_SameSeed_SameBatch()
    {
        var options = new BillingOptions();

        Assert.Equal(BatchPlanner.Next(Progress(), options, new DeterministicRandom(5)), BatchPlanner.Next(Progress(), options, new DeterministicRandom(5)));
    }

    [Fact]
    public void Next_AfterHighestId_NumbersOnFromIt()
    {
        var progress = Progress(batches: [new BatchSpec(3, 10, 2, 100), new BatchSpec(9, 10, 2, 100)], done: new() { [3] = 2, [9] = 2 });

        Assert.Equal(10, BatchPlanner.Next(progress, new BillingOptions(), new DeterministicRandom(1))?.Id);
    }

    [Fact]
    public void Next_EnoughOpenBatches_SchedulesNothing()
    {
        var progress = Progress(batches: [new BatchSpec(1, 10, 2, 100), new BatchSpec(2, 10, 2, 100)], done: new() { [1] = 1 });

        Assert.Null(BatchPlanner.Next(progress, new BillingOptions { MaxOpenBatches = 2 }, new DeterministicRandom(1)));
        Assert.NotNull(BatchPlanner.Next(progress, new BillingOptions { MaxOpenBatches = 3 }, new DeterministicRandom(1)));
    }

    [Fact]
    public void Next_RunFullyScheduled_SchedulesNothing()
    {
        var progress = Progress(batches: [new BatchSpec(1, 10, 2, 100), new BatchSpec(2, 10, 2, 100)], done: new() { [1] = 2, [2] = 2 });

        Assert.Null(BatchPlanner.Next(progress, new BillingOptions { MaxBatches = 2, MaxOpenBatches = 1 }, new DeterministicRandom(1)));
    }

    private static BatchProgress Progress(BatchSpec[]? batches = null, Dictionary<int, int>? done = null) =>
        new(batches ?? [], done ?? []);
}
