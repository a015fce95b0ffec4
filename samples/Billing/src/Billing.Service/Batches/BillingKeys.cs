using System.Globalization;

namespace Billing.Service;

/// <summary>The service's key layout in the store, all under one prefix.</summary>
internal sealed class BillingKeys(string prefix)
{
    /// <summary>The election whose leader schedules batches.</summary>
    public string SchedulerElection { get; } = $"{prefix}/scheduler";

    /// <summary>Batch specifications, written by the leader fenced by its term.</summary>
    public string BatchesPrefix { get; } = $"{prefix}/batches/";

    /// <summary>Each batch's checkpoint (the last invoice chunk done), written with the batch lock's fenced compare-and-swap.</summary>
    public string CheckpointsPrefix { get; } = $"{prefix}/checkpoints/";

    /// <summary>The revenue billed so far and the batches it includes: a compare-and-swap register.</summary>
    public string Revenue { get; } = $"{prefix}/revenue";

    /// <summary>Chunks of invoices sent, re-sends included: a compare-and-swap counter.</summary>
    public string ChunksSent { get; } = $"{prefix}/chunks-sent";

    private string LocksPrefix { get; } = $"{prefix}/locks/";

    public string Batch(int id) => BatchesPrefix + Id(id);

    public string Checkpoint(int id) => CheckpointsPrefix + Id(id);

    public string Lock(int id) => LocksPrefix + Id(id);

    /// <summary>The batch id at the end of a batch or checkpoint key, or null when the key is not one.</summary>
    public static int? IdOf(string key)
    {
        var slash = key.LastIndexOf('/');
        return int.TryParse(key.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    // Zero-padded so that the store's key order is the batches' order.
    private static string Id(int id) => id.ToString("D6", CultureInfo.InvariantCulture);
}
