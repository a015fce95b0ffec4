using System.Globalization;
using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>Records <c>counter.increment</c> (ok with the value the increment produced) and <c>counter.read</c> for the lost-updates check.</summary>
internal sealed class InstrumentedCounter(ICasCounter inner, HistoryRecorder? recorder) : ICasCounter
{
    public string Key => inner.Key;

    public async Task<(long Value, long Revision)> IncrementAsync(CancellationToken cancellationToken = default)
    {
        using var activity = CoordinationMetrics.Start(HistoryOps.CounterIncrement, Key);
        var op = recorder?.Invoke(HistoryOps.CounterIncrement, Key);
        try
        {
            var (value, revision) = inner is IPooledCasCounter pooled ? await pooled.IncrementCoreAsync(cancellationToken).ConfigureAwait(false) : await inner.IncrementAsync(cancellationToken);
            op?.Ok(value.ToString(CultureInfo.InvariantCulture), revision: revision);
            return (value, revision);
        }
        catch (Exception e)
        {
            RecordedOutcome.Completed(op, e, activity, HistoryOps.CounterIncrement, "increment");
            throw;
        }
    }

    public async Task<long> ReadAsync(CancellationToken cancellationToken = default)
    {
        var op = recorder?.Invoke(HistoryOps.CounterRead, Key);
        try
        {
            var value = await inner.ReadAsync(cancellationToken);
            op?.Ok(value.ToString(CultureInfo.InvariantCulture));
            return value;
        }
        catch (Exception e)
        {
            op?.Fail(e.Message);
            throw;
        }
    }
}
