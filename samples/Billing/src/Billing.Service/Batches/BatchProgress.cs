using System.Globalization;
using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>The batches of a run and how far each got, read from the store in two prefix reads.</summary>
internal sealed class BatchProgress
{
    private readonly Dictionary<int, int> _done;

    public BatchProgress(IReadOnlyList<BatchSpec> batches, IReadOnlyDictionary<int, int> stepsDone, Revenue? revenue = null)
    {
        Batches = batches;
        _done = new Dictionary<int, int>(stepsDone);
        Revenue = revenue ?? Revenue.None;
    }

    /// <summary>The revenue posted so far.</summary>
    public Revenue Revenue { get; }

    /// <summary>Every scheduled batch, by id.</summary>
    public IReadOnlyList<BatchSpec> Batches { get; }

    /// <summary>The chunks of a batch committed so far.</summary>
    public int StepsDone(int id) => _done.GetValueOrDefault(id);

    /// <summary>Batches not billed yet: a chunk is left to send, or the revenue does not include them yet.</summary>
    public IEnumerable<BatchSpec> Open => Batches.Where(b => StepsDone(b.Id) < b.Steps || !Revenue.Batches.Contains(b.Id));

    public static async Task<BatchProgress> ReadAsync(ICoordinationBackend backend, BillingKeys keys, CancellationToken cancellationToken)
    {
        var batches = await backend.ReadPrefixAsync(keys.BatchesPrefix, cancellationToken);
        var checkpoints = await backend.ReadPrefixAsync(keys.CheckpointsPrefix, cancellationToken);
        var revenue = await backend.ReadAsync(keys.Revenue, cancellationToken);
        return From(
            batches.Entries.Select(e => (e.Key, e.Value)),
            checkpoints.Entries.Select(e => (e.Key, e.Value)),
            Revenue.Parse(revenue.Single?.Value));
    }

    /// <summary>Builds the progress from raw batch and checkpoint entries (keys that are not the service's are skipped).</summary>
    public static BatchProgress From(IEnumerable<(string Key, string Value)> batches, IEnumerable<(string Key, string Value)> checkpoints, Revenue? revenue = null)
    {
        var specs = batches
            .Select(e => BillingKeys.IdOf(e.Key) is { } id ? BatchSpec.TryParse(id, e.Value) : null)
            .OfType<BatchSpec>()
            .OrderBy(b => b.Id)
            .ToList();
        var done = new Dictionary<int, int>();
        foreach (var (key, value) in checkpoints)
        {
            if (BillingKeys.IdOf(key) is { } id && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var step))
            {
                done[id] = step;
            }
        }

        return new BatchProgress(specs, done, revenue);
    }
}
