using System.Runtime.CompilerServices;
using ResilienceLab.History;

namespace ResilienceLab.Coordination.Instrumentation;

/// <summary>
/// A register that records <c>register.read</c> and <c>register.cas</c> for the linearizability check and counts conflicts.
/// The swap compares revisions, the check's model compares values: a swap whose expected revision this register read is
/// recorded with the value read at that revision (equal revisions hold equal values), any other swap as a write; a swap that failed says nothing about
/// the value (it may have come back: ABA), so it is recorded as a failure the model does not use.
/// </summary>
internal sealed class InstrumentedRegister(ICasRegister inner, HistoryRecorder? recorder) : ICasRegister, IPooledCasRegister
{
    private readonly Lock _gate = new();

    // The revisions this register read, with their values: the latest in two fields (a register is most often read once,
    // then swapped against), earlier ones in a map made on the second read. One map per register was made on every
    // counter increment (issue 20).
    private bool _read;
    private long _lastRevision;
    private string? _lastValue;
    private Dictionary<long, string?>? _earlier;

    public string Key => inner.Key;

    public Task<RegisterValue> ReadAsync(CancellationToken cancellationToken = default) => ReadCoreAsync(cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<RegisterValue> ReadCoreAsync(CancellationToken cancellationToken)
    {
        var op = recorder?.Invoke(HistoryOps.RegisterRead, Key);
        try
        {
            var read = await inner.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
            op?.Ok(read.Value, revision: read.Revision);
            lock (_gate)
            {
                Remember(read.ModRevision, read.Value);
            }

            return read;
        }
        catch (Exception e)
        {
            op?.Fail(e.Message);
            throw;
        }
    }

    public Task<long?> CompareAndSwapAsync(long expectedModRevision, string value, CancellationToken cancellationToken = default) =>
        CompareAndSwapCoreAsync(expectedModRevision, value, cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<long?> CompareAndSwapCoreAsync(long expectedModRevision, string value, CancellationToken cancellationToken)
    {
        string? expected;
        bool known;
        lock (_gate)
        {
            known = TryRecall(expectedModRevision, out expected);
        }

        // A swap against a revision this register did not read is judged as a plain write: weaker, never a false alarm.
        var op = known ? recorder?.Invoke(HistoryOps.RegisterCas, Key, value, expected) : recorder?.Invoke(HistoryOps.RegisterWrite, Key, value);
        using var activity = CoordinationMetrics.Start(HistoryOps.RegisterCas, Key);
        try
        {
            var revision = await inner.CompareAndSwapCoreAsync(expectedModRevision, value, cancellationToken).ConfigureAwait(false);
            if (revision is { } committed)
            {
                op?.Ok(revision: committed);
            }
            else
            {
                op?.Fail(HistoryOps.CompareFailedError);
                CoordinationMetrics.CasConflicts.Add(1, new KeyValuePair<string, object?>("key", Key));
            }

            return revision;
        }
        catch (Exception e)
        {
            RecordedOutcome.Completed(op, e, activity, HistoryOps.RegisterCas, "swap");
            throw;
        }
    }

    /// <summary>Remembers the value read at <paramref name="revision"/>. Only the latest few revisions can still be swapped
    /// against: past 64, everything read before is forgotten.</summary>
    private void Remember(long revision, string? value)
    {
        if ((_earlier?.Count ?? 0) + (_read ? 1 : 0) > 64)
        {
            _earlier?.Clear();
            _read = false;
        }

        if (_read && _lastRevision != revision)
        {
            // Sized for all it can hold: a counter's register fills it on every replica, and growing it by doubling was
            // most of its cost.
            (_earlier ??= new Dictionary<long, string?>(65))[_lastRevision] = _lastValue;
        }

        _earlier?.Remove(revision);
        (_read, _lastRevision, _lastValue) = (true, revision, value);
    }

    private bool TryRecall(long revision, out string? value)
    {
        if (_read && _lastRevision == revision)
        {
            value = _lastValue;
            return true;
        }

        value = null;
        return _earlier?.TryGetValue(revision, out value) == true;
    }
}
