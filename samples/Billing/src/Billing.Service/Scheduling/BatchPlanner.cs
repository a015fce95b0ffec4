using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>Decides the leader's next batch: none while enough are open or the run is fully scheduled.</summary>
internal static class BatchPlanner
{
    /// <summary>Fewest and most invoices in a batch.</summary>
    public const int MinInvoices = 5;

    public const int MaxInvoices = 40;

    /// <summary>Smallest and largest invoice, in cents.</summary>
    public const int MinInvoiceCents = 1_000;

    public const int MaxInvoiceCents = 250_000;

    /// <summary>The next batch to schedule, or null when none is due.</summary>
    public static BatchSpec? Next(BatchProgress progress, BillingOptions options, DeterministicRandom random)
    {
        if (progress.Batches.Count >= options.MaxBatches || progress.Open.Count() >= options.MaxOpenBatches)
        {
            return null;
        }

        var id = progress.Batches.Count == 0 ? 1 : progress.Batches[^1].Id + 1;
        var invoices = random.Next(MinInvoices, MaxInvoices + 1);
        var amount = 0L;
        for (var i = 0; i < invoices; i++)
        {
            amount += random.Next(MinInvoiceCents, MaxInvoiceCents + 1);
        }

        return new BatchSpec(id, invoices, Math.Min(options.StepsPerBatch, invoices), amount);
    }
}
