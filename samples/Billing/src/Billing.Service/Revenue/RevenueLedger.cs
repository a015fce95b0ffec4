using System.Globalization;
using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>
/// The run's shared totals: the revenue billed (a compare-and-swap register, read-modify-write with back-off on conflict)
/// and the number of batches billed (a compare-and-swap counter). Both are recorded by the primitives
/// (<c>register.read/cas</c>, <c>counter.increment</c>), so the linearizability and lost-update checks judge them.
/// </summary>
internal sealed class RevenueLedger
{
    private readonly ICasRegister _revenue;
    private readonly ICasCounter _billed;
    private readonly Polly.ResiliencePipeline<(string, long)?> _retry;

    public RevenueLedger(ICoordinationBackend backend, BillingKeys keys, TimeProvider time, BillingReplica replica)
    {
        _revenue = backend.Register(keys.Revenue);
        _retry = CasRetry.OnConflict(time, replica.Random.Fork("revenue-retry"));
        _billed = backend.Counter(keys.BatchesBilled, CasRetry.OnConflict(time, replica.Random.Fork("billed-retry")));
    }

    /// <summary>Adds a completed batch's amount to the revenue and counts the batch; returns the new revenue.</summary>
    /// <exception cref="IndeterminateOutcomeException">A write's reply was lost: it may have applied, so it is not retried blindly.</exception>
    public async Task<long> PostAsync(BatchSpec batch, CancellationToken cancellationToken)
    {
        var (value, _) = await _revenue.UpdateAsync(current => Add(current, batch.AmountCents), _retry, cancellationToken);
        await _billed.IncrementAsync(cancellationToken);
        return long.Parse(value, CultureInfo.InvariantCulture);
    }

    /// <summary>The revenue after adding <paramref name="amountCents"/> to the stored total (missing: zero).</summary>
    public static string Add(string? current, long amountCents)
    {
        var total = long.TryParse(current, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            ? t
            : current is null ? 0 : throw new FormatException($"The revenue register holds '{current}', not a whole number of cents.");
        return checked(total + amountCents).ToString(CultureInfo.InvariantCulture);
    }
}
