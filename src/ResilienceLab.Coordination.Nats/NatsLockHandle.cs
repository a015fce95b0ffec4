using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

/// <summary>
/// A held NATS lock. <see cref="Token"/> is the revision the entry was created at: a JetStream stream sequence of the
/// locks bucket, so it grows from holder to holder (and across every lock in the bucket).
/// </summary>
internal sealed class NatsLockHandle : ILockHandle
{
    private readonly NatsCoordinationSession _session;
    private readonly NatsHold _hold;

    internal NatsLockHandle(NatsCoordinationSession session, NatsHold hold)
    {
        _session = session;
        _hold = hold;
    }

    public string Name => _hold.Name;

    /// <summary><c>&lt;name&gt;/&lt;holder id&gt;</c>: the entry is the lock's name; its value names the holder.</summary>
    public string Key => _hold.Key;

    public long Token => _hold.Token;

    public CancellationToken Lost => _hold.Lost;

    public string? LostReason => _hold.LostReason;

    /// <summary>
    /// The fenced write on NATS: read the lock entry (it must still carry this holder's id), then compare-and-swap
    /// <paramref name="key"/> on the revision the caller read it at. JetStream 2.9 has no write conditioned on two keys,
    /// so the fence is the order: the caller read <paramref name="key"/> before this check, and the server rejects the CAS
    /// if anyone wrote the key since. Guaranteed: a holder that lost the lock before this check never writes, and no write
    /// of an older holder lands after a newer holder's write to the same key (the writes to a key are in token order).
    /// Not guaranteed (etcd's one-txn fence guarantees it): that the lock is still held when the write commits — a write
    /// delayed between the check and the server (a pause, a slow network) for longer than the lock's remaining TTL can
    /// commit after a newer holder acquired, as long as that holder has not written the key yet.
    /// </summary>
    public async Task<long?> FencedCompareAndSwapAsync(string key, string value, long expectedRevision, CancellationToken cancellationToken = default)
    {
        if (!await _hold.StillHeldAsync(cancellationToken))
        {
            throw new LockLostException(Name, Token, _hold.LostReason ?? "the lock entry is no longer this holder's");
        }

        var data = await _session.Backend.DataBucketAsync(cancellationToken);
        return await NatsCas.CompareAndSwapAsync(_session.Calls, data, NatsKeys.Check(key), value, expectedRevision, cancellationToken);
    }

    public Task ReleaseAsync(CancellationToken cancellationToken = default) => _hold.ReleaseAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        catch (StoreException)
        {
            // The entry expires by itself after the TTL.
        }
    }
}
