using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>
/// The run's shared totals. The revenue register holds the total billed and which batches it includes
/// (<c>total=345600;batches=1,2,5</c>), so posting a batch is an idempotent compare-and-swap: a replica that resumes a
/// batch whose holder died after the last chunk, or retries after a lost reply, never bills it twice. The chunks-sent
/// counter counts every chunk of invoices sent, re-sends after a take-over included. Both are recorded by the
/// primitives (<c>register.read/cas</c>, <c>counter.increment/read</c>), so the linearizability and lost-update checks judge them.
/// </summary>
internal sealed class RevenueLedger
{
    private readonly ICasRegister _revenue;
    private readonly ICasCounter _chunksSent;
    private readonly Polly.ResiliencePipeline<(string, long)?> _retry;

    public RevenueLedger(ICoordinationBackend backend, BillingKeys keys, TimeProvider time, BillingReplica replica)
    {
        _revenue = backend.Register(keys.Revenue);
        _retry = CasRetry.OnConflict(time, replica.Random.Fork("revenue-retry"));
        _chunksSent = backend.Counter(keys.ChunksSent, CasRetry.OnConflict(time, replica.Random.Fork("chunks-retry")));
    }

    /// <summary>Adds a completed batch's amount to the revenue unless it is already included; returns the revenue after.</summary>
    /// <exception cref="IndeterminateOutcomeException">The swap's reply was lost: posting again is safe (it is idempotent).</exception>
    public async Task<long> PostAsync(BatchSpec batch, CancellationToken cancellationToken)
    {
        var (value, _) = await _revenue.UpdateAsync(current => Revenue.Parse(current).Post(batch).Format(), _retry, cancellationToken);
        return Revenue.Parse(value).TotalCents;
    }

    /// <summary>Counts one chunk of invoices sent.</summary>
    public Task CountChunkAsync(CancellationToken cancellationToken) => _chunksSent.IncrementAsync(cancellationToken);

    /// <summary>Chunks sent so far (recorded as <c>counter.read</c>).</summary>
    public Task<long> ChunksSentAsync(CancellationToken cancellationToken) => _chunksSent.ReadAsync(cancellationToken);
}
