using NATS.Client.KeyValueStore;

namespace ResilienceLab.Coordination.Nats.Internal;

/// <summary>
/// One held entry in the locks bucket — a lock or a candidacy. Taken by create-if-absent; kept alive by
/// revision-checked updates every keep-alive interval (each update restarts the bucket's MaxAge for the entry);
/// released by a revision-checked delete. <see cref="Lost"/> fires when a renewal finds the entry gone or someone
/// else's, when no renewal succeeded for a whole TTL (counted from when the last successful one was sent), when a
/// fence check finds it gone, or on release.
/// </summary>
internal sealed class NatsHold
{

    private readonly NatsCoordinationSession _session;
    private readonly INatsKVStore _bucket;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _stop = new();
    private Task _keepAlive = Task.CompletedTask;
    private long _revision;
    private long _validUntil;
    private int _renewing = 1;
    private int _released;

    private NatsHold(NatsCoordinationSession session, INatsKVStore bucket, string name, string holderId, string owner, long revision, long sentAt)
    {
        _session = session;
        _bucket = bucket;
        Name = name;
        HolderId = holderId;
        Owner = owner;
        Token = revision;
        _revision = revision;
        _validUntil = sentAt + ToTicks(session.Ttl);
        _lost = CancellationTokenSource.CreateLinkedTokenSource(session.Lost);
    }

    /// <summary>The lock's or election's name: the entry's key.</summary>
    public string Name { get; }

    /// <summary>Unique per acquisition.</summary>
    public string HolderId { get; }

    /// <summary>The owner name or proclamation.</summary>
    public string Owner { get; }

    /// <summary>The fencing token / term: the revision the entry was created at.</summary>
    public long Token { get; }

    /// <summary>The holder's identity: <c>&lt;name&gt;/&lt;holder id&gt;</c>.</summary>
    public string Key => $"{Name}/{HolderId}";

    public CancellationToken Lost => _lost.Token;

    public string? LostReason { get; private set; }

    private NatsCalls Calls => _session.Calls;

    private TimeProvider Time => _session.Calls.Time;

    /// <summary>Creates the entry if it is absent; null when someone holds it.</summary>
    /// <remarks>
    /// A create whose reply was lost may have applied: the entry then carries this attempt's holder id, which a read
    /// tells apart from anyone else's. If that read fails too, the entry (if any) is left to expire after the TTL.
    /// </remarks>
    public static async Task<NatsHold?> TryCreateAsync(NatsCoordinationSession session, string name, string owner, CancellationToken cancellationToken)
    {
        var bucket = session.LocksBucket;
        var holderId = session.NextHolderId();
        var value = new HolderValue(holderId, 0, owner).Format();
        var sentAt = session.Calls.Time.GetTimestamp();
        long revision;
        try
        {
            revision = (long)await session.Calls.WriteAsync("create", name, t => bucket.CreateAsync(name, value, cancellationToken: t), cancellationToken);
        }
        catch (NatsKVException e) when (NatsCas.IsLostCreateRace(e))
        {
            return null;
        }
        catch (IndeterminateOutcomeException)
        {
            var entry = await NatsCas.GetAsync(session.Calls, bucket, name, cancellationToken);
            if (entry is null || HolderValue.Parse(entry.Value)?.HolderId != holderId)
            {
                return null;
            }

            revision = entry.Revision;
        }

        var hold = new NatsHold(session, bucket, name, holderId, owner, revision, sentAt);
        session.Track(hold);
        hold._keepAlive = hold.KeepAliveLoopAsync();
        return hold;
    }

    /// <summary>
    /// Whether the entry is still this holder's right now (one read); marks the hold lost when not. This is the fence of
    /// every fenced write: see <see cref="NatsLockHandle.FencedCompareAndSwapAsync"/> for what it can and cannot promise.
    /// </summary>
    public async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
    {
        if (_lost.IsCancellationRequested)
        {
            return false;
        }

        if (RemainingTicks() <= 0)
        {
            MarkLost($"no renewal succeeded within the TTL ({_session.Ttl})");
            return false;
        }

        var entry = await NatsCas.GetAsync(Calls, _bucket, Name, cancellationToken);
        if (entry is null || HolderValue.Parse(entry.Value)?.HolderId != HolderId)
        {
            MarkLost(entry is null ? "the entry expired or was deleted" : "another holder created the entry after it expired");
            return false;
        }

        return true;
    }

    /// <summary>Stops renewing; the entry expires after the TTL and <see cref="Lost"/> fires then (a wedged holder).</summary>
    public void Abandon() => Interlocked.Exchange(ref _renewing, 0);

    /// <summary>Deletes the entry if it is still this holder's (never a successor's), and marks the hold lost.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        _stop.Cancel();
        await _keepAlive;
        try
        {
            await ReleaseRetry.RunAsync(
                Time,
                DeleteIfOursAsync,
                e => e is StoreException,
                retryAtOnce: e => e is StaleRevisionException,
                cancellationToken);
        }
        catch (StaleRevisionException e)
        {
            // Still ours after every attempt, at a revision that kept moving: the outcome is the caller's to decide.
            throw new IndeterminateOutcomeException("delete", Name, e);
        }
        finally
        {
            MarkLost("released");
            _session.Forget(this);
        }
    }

    /// <summary>
    /// Deletes the entry at the revision this holder last wrote (a revision-checked delete is idempotent: a retry after a
    /// lost reply finds the entry gone). When the revision moved on, our last renewal may have applied unseen: if the
    /// entry is still ours, the delete is tried again at once at its current revision (<see cref="StaleRevisionException"/>).
    /// </summary>
    private async ValueTask DeleteIfOursAsync(CancellationToken cancellationToken)
    {
        if (_lost.IsCancellationRequested)
        {
            return;
        }

        try
        {
            var revision = (ulong)Interlocked.Read(ref _revision);
            await Calls.WriteAsync("delete", Name, async t => { await _bucket.DeleteAsync(Name, new NatsKVDeleteOpts { Revision = revision }, t); return true; }, cancellationToken);
        }
        catch (NatsKVWrongLastRevisionException)
        {
            var entry = await NatsCas.GetAsync(Calls, _bucket, Name, cancellationToken);
            if (entry is null || HolderValue.Parse(entry.Value)?.HolderId != HolderId)
            {
                return;
            }

            Interlocked.Exchange(ref _revision, entry.Revision);
            throw new StaleRevisionException();
        }
    }

    /// <summary>The entry is still ours at a newer revision than the delete named: delete again at once.</summary>
    private sealed class StaleRevisionException : Exception;

    internal void MarkLost(string reason)
    {
        if (_lost.IsCancellationRequested)
        {
            return;
        }

        LostReason = reason;
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task KeepAliveLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested && !_lost.IsCancellationRequested)
        {
            var wait = TimeSpan.FromTicks(Math.Min(_session.KeepAliveInterval.Ticks, Math.Max(0, TicksToTimeSpan(RemainingTicks()).Ticks)));
            try
            {
                await Task.Delay(wait, Time, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (RemainingTicks() <= 0)
            {
                MarkLost(Volatile.Read(ref _renewing) == 0 ? "abandoned: the entry expired" : $"no renewal succeeded within the TTL ({_session.Ttl})");
                return;
            }

            if (Volatile.Read(ref _renewing) == 0)
            {
                continue;
            }

            await RenewAsync(stop);
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var sentAt = Time.GetTimestamp();
        var value = new HolderValue(HolderId, Token, Owner).Format();
        try
        {
            var expected = (ulong)Interlocked.Read(ref _revision);
            var revision = await Calls.WriteAsync("update", Name, t => _bucket.UpdateAsync(Name, value, expected, cancellationToken: t), stop);
            Interlocked.Exchange(ref _revision, (long)revision);
            Interlocked.Exchange(ref _validUntil, sentAt + ToTicks(_session.Ttl));
        }
        catch (NatsKVWrongLastRevisionException)
        {
            await ReconcileAsync(stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (StoreException)
        {
            // Transient: try again at the next interval, unless the TTL runs out first.
        }
    }

    /// <summary>A renewal was refused: either an earlier renewal applied without us seeing its reply, or the entry is gone.</summary>
    private async Task ReconcileAsync(CancellationToken stop)
    {
        try
        {
            var entry = await NatsCas.GetAsync(Calls, _bucket, Name, stop);
            if (entry is not null && HolderValue.Parse(entry.Value)?.HolderId == HolderId)
            {
                Interlocked.Exchange(ref _revision, entry.Revision);
                return;
            }

            MarkLost(entry is null ? "the entry expired before it was renewed" : "another holder created the entry after it expired");
        }
        catch (StoreException)
        {
            // Unknown: the next renewal (or the TTL) decides.
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private long RemainingTicks() => Interlocked.Read(ref _validUntil) - Time.GetTimestamp();

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Time.TimestampFrequency);

    private TimeSpan TicksToTimeSpan(long timestampTicks) => TimeSpan.FromSeconds(timestampTicks / (double)Time.TimestampFrequency);
}
