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
    private readonly Dictionary<long, string?> _readAt = [];

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
            if (recorder is not null)
            {
                // What a swap against this revision expected: only a recorded swap asks (the CAS counter's register records
                // nothing, and filled this map on every increment of every replica).
                lock (_gate)
                {
                    // Only the latest few revisions can still be swapped against; keep the map small.
                    if (_readAt.Count > 64)
                    {
                        _readAt.Clear();
                    }

                    _readAt[read.ModRevision] = read.Value;
                }
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
            known = _readAt.TryGetValue(expectedModRevision, out expected);
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

}
