using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>Key-value and txn operations, applied atomically under the store's lock.</summary>
public sealed partial class SimulatedStore
{
    internal RangeResult Range(string key, bool prefix)
    {
        lock (_gate)
        {
            return RangeLocked(key, prefix);
        }
    }

    internal PutResult Put(string key, string value, long lease)
    {
        lock (_gate)
        {
            var pending = TakePending();
            var result = PutLocked(key, value, lease, _revision + 1, pending);
            Commit(pending);
            return result;
        }
    }

    internal DeleteResult Delete(string key, bool prefix)
    {
        lock (_gate)
        {
            var pending = TakePending();
            var result = DeleteLocked(key, prefix, _revision + 1, pending);
            Commit(pending);
            return result with { Revision = _revision };
        }
    }

    internal TxnResult Txn(TxnRequest request)
    {
        lock (_gate)
        {
            // Validate before applying anything, as etcd does: both branches must be free of overlapping writes.
            ValidateBranch(request.Success);
            ValidateBranch(request.Failure);
            var succeeded = true;
            // Index loops over the request's lists: foreach over an IReadOnlyList allocates an enumerator, on every txn.
            var compares = request.Compares;
            for (var i = 0; i < compares.Count; i++)
            {
                if (!EvaluateLocked(compares[i]))
                {
                    succeeded = false;
                    break;
                }
            }

            var ops = succeeded ? request.Success : request.Failure;
            for (var i = 0; i < ops.Count; i++)
            {
                if (ops[i] is TxnOp.Put { Lease: not 0 } put && !_leases.ContainsKey(put.Lease))
                {
                    throw new LeaseNotFoundException(put.Lease);
                }
            }

            var next = _revision + 1;
            var pending = TakePending();
            var responses = new OpResult[ops.Count];
            for (var i = 0; i < responses.Length; i++)
            {
                responses[i] = ops[i] switch
                {
                    // etcd reads a write txn at its start revision until something changed, then at start + 1.
                    TxnOp.Get get => RangeLocked(get.Key, get.Prefix) with { Revision = _revision + (pending.Count > 0 ? 1 : 0) },
                    TxnOp.Put put => PutLocked(put.Key, put.Value, put.Lease, next, pending),
                    TxnOp.Delete delete => DeleteLocked(delete.Key, delete.Prefix, next, pending),
                    var op => throw new ArgumentException($"Unknown txn op {op.GetType().Name}.", nameof(request)),
                };
            }

            Commit(pending);

            // Writes report the txn's header revision; reads keep the revision they read at. (A put already has it: a
            // copy only for a write that changed nothing, such as a delete of a missing key.)
            var revision = _revision;
            for (var i = 0; i < responses.Length; i++)
            {
                if (responses[i] is not RangeResult && responses[i].Revision != revision)
                {
                    responses[i] = responses[i] with { Revision = revision };
                }
            }

            return new TxnResult(succeeded, revision, responses);
        }
    }

    /// <summary>etcd: "duplicate key given in txn request" — no key may be put twice, or put inside a range the branch deletes.</summary>
    /// <remarks>Pairwise over the branch (a handful of ops) rather than with a set: this runs on every txn.</remarks>
    private static void ValidateBranch(IReadOnlyList<TxnOp> ops)
    {
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i] is not TxnOp.Put put)
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (ops[j] is TxnOp.Put earlier && earlier.Key == put.Key)
                {
                    throw new ArgumentException($"duplicate key given in txn request: '{put.Key}' is put twice in one branch", nameof(ops));
                }
            }
        }

        for (var d = 0; d < ops.Count; d++)
        {
            if (ops[d] is not TxnOp.Delete delete)
            {
                continue;
            }

            for (var p = 0; p < ops.Count; p++)
            {
                if (ops[p] is TxnOp.Put put && (delete.Prefix ? put.Key.StartsWith(delete.Key, StringComparison.Ordinal) : put.Key == delete.Key))
                {
                    throw new ArgumentException($"duplicate key given in txn request: '{put.Key}' is put and deleted in one branch", nameof(ops));
                }
            }
        }
    }

    private RangeResult RangeLocked(string key, bool prefix)
    {
        // A read of what an earlier read returned, with no key written or deleted since, is that result again (it is
        // immutable): replicas poll the same few keys and prefixes, and most polls find nothing changed since the last one.
        // (Counted by key changes, not by the revision: a txn's own writes change the keys before its commit bumps the
        // revision, and the revision moves only with a key change.)
        if (_ranges.TryGetValue((key, prefix), out var last) && last.Writes == _writes)
        {
            return last.Result;
        }

        if (_ranges.Count >= MaxRememberedRanges)
        {
            // A workload reading ever new keys: start over rather than keep every key it ever read.
            _ranges.Clear();
        }

        var result = ReadLocked(key, prefix);
        _ranges[(key, prefix)] = (_writes, result);
        return result;
    }

    private RangeResult ReadLocked(string key, bool prefix)
    {
        if (!prefix)
        {
            return new RangeResult(_revision, _keys.TryGetValue(key, out var kv) ? [kv] : []);
        }

        var keys = _keys.Keys;
        var first = FirstIndexAtOrAfter(key);
        var end = first;
        while (end < keys.Count && keys[end].StartsWith(key, StringComparison.Ordinal))
        {
            end++;
        }

        if (end == first)
        {
            return new RangeResult(_revision, []);
        }

        var values = _keys.Values;
        var matches = new KeyValue[end - first];
        for (var i = first; i < end; i++)
        {
            matches[i - first] = values[i];
        }

        return new RangeResult(_revision, matches);
    }

    /// <summary>The index of the first key ordinally at or after <paramref name="key"/> (every key with that prefix follows it).</summary>
    private int FirstIndexAtOrAfter(string key)
    {
        var keys = _keys.Keys;
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(keys[mid], key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private PutResult PutLocked(string key, string value, long lease, long revision, List<WatchEvent> pending)
    {
        if (lease != 0 && !_leases.ContainsKey(lease))
        {
            throw new LeaseNotFoundException(lease);
        }

        _keys.TryGetValue(key, out var previous);
        if (previous is { Lease: not 0 } && previous.Lease != lease && _leases.TryGetValue(previous.Lease, out var oldLease))
        {
            oldLease.Keys.Remove(key);
        }

        if (lease != 0)
        {
            _leases[lease].Keys.Add(key);
        }

        var kv = previous is null
            ? new KeyValue(key, value, revision, revision, 1, lease)
            : previous with { Value = value, ModRevision = revision, Version = previous.Version + 1, Lease = lease };
        _keys[key] = kv;
        _writes++;
        pending.Add(new WatchEvent(WatchEventType.Put, kv));
        return new PutResult(revision, previous);
    }

    private DeleteResult DeleteLocked(string key, bool prefix, long revision, List<WatchEvent> pending)
    {
        var victims = RangeLocked(key, prefix).Kvs;
        foreach (var kv in victims)
        {
            _keys.Remove(kv.Key);
            _writes++;
            if (kv.Lease != 0 && _leases.TryGetValue(kv.Lease, out var lease))
            {
                lease.Keys.Remove(kv.Key);
            }

            pending.Add(new WatchEvent(WatchEventType.Delete, new KeyValue(kv.Key, string.Empty, 0, revision, 0, 0)));
        }

        return new DeleteResult(revision, victims.Count, victims);
    }

    private bool EvaluateLocked(Compare compare)
    {
        _keys.TryGetValue(compare.Key, out var kv);
        if (compare.Target == CompareTarget.Value)
        {
            // etcd: a value comparison against a missing key is false whatever the operator.
            if (kv is null)
            {
                return false;
            }

            return Holds(string.CompareOrdinal(kv.Value, compare.Value ?? string.Empty), compare.Operator);
        }

        var actual = compare.Target switch
        {
            CompareTarget.Version => kv?.Version ?? 0,
            CompareTarget.CreateRevision => kv?.CreateRevision ?? 0,
            CompareTarget.ModRevision => kv?.ModRevision ?? 0,
            CompareTarget.Lease => kv?.Lease ?? 0,
            _ => throw new ArgumentOutOfRangeException(nameof(compare), compare.Target, "Unknown compare target."),
        };
        return Holds(actual.CompareTo(compare.Number), compare.Operator);
    }

    private static bool Holds(int comparison, CompareOperator op) => op switch
    {
        CompareOperator.Equal => comparison == 0,
        CompareOperator.NotEqual => comparison != 0,
        CompareOperator.Greater => comparison > 0,
        CompareOperator.Less => comparison < 0,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown compare operator."),
    };

    /// <summary>The list a write collects its events in: the one the last write gave back, or a new one.</summary>
    /// <remarks>
    /// Taken while a write uses it (a write that a watcher's continuation makes from inside <see cref="Commit"/> gets a
    /// new one), and given back by <see cref="Commit"/>: one list per store instead of one per write (issue 20).
    /// </remarks>
    private List<WatchEvent> TakePending()
    {
        var pending = _pending ?? [];
        _pending = null;
        return pending;
    }

    /// <summary>Bumps the revision once when anything changed, logs the events and wakes the watchers; gives the list back.</summary>
    private void Commit(List<WatchEvent> pending)
    {
        if (pending.Count == 0)
        {
            _pending = pending;
            return;
        }

        _revision++;
        foreach (var e in pending)
        {
            _log.Add((_revision, e));
            foreach (var watcher in _watchers)
            {
                if (watcher.Matches(e.Kv.Key) && _revision >= watcher.MinRevision)
                {
                    watcher.Stream.TryWrite(e);
                }
            }
        }

        pending.Clear();
        _pending = pending;
    }
}
