namespace ResilienceLab.Coordination;

/// <summary>What one operation of a txn (or a plain call) returned.</summary>
public abstract record OpResult(long Revision);

/// <summary>Result of a range read: the keys in ascending key order, and the store revision it was served at.</summary>
public sealed record RangeResult(long Revision, IReadOnlyList<KeyValue> Kvs) : OpResult(Revision)
{
    /// <summary>The first key, or null when the range was empty.</summary>
    public KeyValue? Single => Kvs.Count == 0 ? null : Kvs[0];
}

/// <summary>Result of a put: the revision it committed at and the previous key, if any.</summary>
public sealed record PutResult(long Revision, KeyValue? PrevKv) : OpResult(Revision);

/// <summary>Result of a delete: how many keys were deleted and their previous values.</summary>
public sealed record DeleteResult(long Revision, long Deleted, IReadOnlyList<KeyValue> PrevKvs) : OpResult(Revision);

/// <summary>Result of a txn: whether the compares held, the header revision, and one result per executed operation.</summary>
public sealed record TxnResult(bool Succeeded, long Revision, IReadOnlyList<OpResult> Responses) : OpResult(Revision);

/// <summary>A granted lease.</summary>
public sealed record LeaseGrant(long Id, TimeSpan Ttl);

/// <summary>A lease's remaining time to live; <see cref="Remaining"/> is negative when the lease no longer exists.</summary>
public sealed record LeaseTimeToLive(long Id, TimeSpan Remaining, TimeSpan Granted, IReadOnlyList<string> Keys)
{
    /// <summary>Whether the lease still exists on the server.</summary>
    public bool Exists => Remaining >= TimeSpan.Zero;
}
