namespace ResilienceLab.Coordination;

/// <summary>
/// A shared counter on one key, incremented with compare-and-swap so that no increment is lost: read, add one, write
/// only if nobody wrote in between, else back off and start over. With a history sink registered every increment is
/// recorded (<c>counter.increment</c>) and the lost-updates check judges the counter.
/// </summary>
public interface ICasCounter
{
    /// <summary>The counter's key.</summary>
    string Key { get; }

    /// <summary>
    /// Adds one; returns the value this increment produced and the revision it committed at. Throws
    /// <see cref="CasConflictException"/> when the retries are used up, <see cref="IndeterminateOutcomeException"/> when the
    /// final write's reply was lost (it may have applied: do not retry blindly).
    /// </summary>
    Task<(long Value, long Revision)> IncrementAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the counter (0 when the key is missing).</summary>
    Task<long> ReadAsync(CancellationToken cancellationToken = default);
}
