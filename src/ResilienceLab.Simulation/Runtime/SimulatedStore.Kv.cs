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
            var pending = new List<WatchEvent>();
            var result = PutLocked(key, value, lease, _revision + 1, pending);
            Commit(pending);
            return result;
        }
    }

    internal DeleteResult Delete(string key, bool prefix)
    {
        lock (_gate)
        {
            var pending = new List<WatchEvent>();
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
            var succeeded = request.Compares.All(EvaluateLocked);
            var ops = succeeded ? request.Success : request.Failure;
            foreach (var op in ops)
            {
                if (op is TxnOp.Put { Lease: not 0 } put && !_leases.ContainsKey(put.Lease))
                {
                    throw new LeaseNotFoundException(put.Lease);
                }
            }

            var next = _revision + 1;
            var pending = new List<WatchEvent>();
            var responses = new List<OpResult>(ops.Count);
            foreach (var op in ops)
            {
                responses.Add(op switch
                {
                    // etcd reads a write txn at its start revision until something changed, then at start + 1.
                    TxnOp.Get get => RangeLocked(get.Key, get.Prefix) with { Revision = _revision + (pending.Count > 0 ? 1 : 0) },
                    TxnOp.Put put => PutLocked(put.Key, put.Value, put.Lease, next, pending),
                    TxnOp.Delete delete => DeleteLocked(delete.Key, delete.Prefix, next, pending),
                    _ => throw new ArgumentException($"Unknown txn op {op.GetType().Name}.", nameof(request)),
                });
            }

            Commit(pending);

            // Writes report the txn's header revision; reads keep the revision they read at.
            var revision = _revision;
            return new TxnResult(succeeded, revision, [.. responses.Select(r => r is RangeResult ? r : r with { Revision = revision })]);
        }
    }

    /// <summary>etcd: "duplicate key given in txn request" — no key may be put twice, or put inside a range the branch deletes.</summary>
    private static void ValidateBranch(IReadOnlyList<TxnOp> ops)
    {
        var puts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var put in ops.OfType<TxnOp.Put>())
        {
            if (!puts.Add(put.Key))
            {
                throw new ArgumentException($"duplicate key given in txn request: '{put.Key}' is put twice in one branch", nameof(ops));
            }
        }

        foreach (var delete in ops.OfType<TxnOp.Delete>())
        {
            var overlapped = puts.FirstOrDefault(k => delete.Prefix ? k.StartsWith(delete.Key, StringComparison.Ordinal) : k == delete.Key);
            if (overlapped is not null)
            {
                throw new ArgumentException($"duplicate key given in txn request: '{overlapped}' is put and deleted in one branch", nameof(ops));
            }
        }
    }

    private RangeResult RangeLocked(string key, bool prefix)
    {
        if (!prefix)
        {
            return new RangeResult(_revision, _keys.TryGetValue(key, out var kv) ? [kv] : []);
        }

        return new RangeResult(_revision, [.. _keys.Values.Where(kv => kv.Key.StartsWith(key, StringComparison.Ordinal))]);
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
        pending.Add(new WatchEvent(WatchEventType.Put, kv));
        return new PutResult(revision, previous);
    }

    private DeleteResult DeleteLocked(string key, bool prefix, long revision, List<WatchEvent> pending)
    {
        var victims = RangeLocked(key, prefix).Kvs;
        foreach (var kv in victims)
        {
            _keys.Remove(kv.Key);
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

    /// <summary>Bumps the revision once when anything changed, logs the events and wakes the watchers.</summary>
    private void Commit(List<WatchEvent> pending)
    {
        if (pending.Count == 0)
        {
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
                    watcher.Channel.Writer.TryWrite(e);
                }
            }
        }
    }
}
