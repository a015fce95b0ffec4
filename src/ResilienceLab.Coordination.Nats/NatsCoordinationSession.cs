using System.Globalization;
using System.Security.Cryptography;
using NATS.Client.KeyValueStore;
using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

/// <summary>
/// A replica's session on NATS. There are no leases: each lock or candidacy entry lives in the locks bucket, whose
/// MaxAge is the session's TTL, and is renewed on its own. The session is the identity its entries carry, the TTL
/// and keep-alive interval they use, and the set of entries to release on <see cref="CloseAsync"/>. <see cref="Lost"/>
/// fires only when the session is closed or disposed: a connection problem loses entries one by one (each entry's
/// keep-alive notices), not the session.
/// </summary>
internal sealed class NatsCoordinationSession : ICoordinationSession
{
    private readonly NatsCoordinationBackend _backend;
    private readonly CancellationTokenSource _lost = new();
    private readonly List<NatsHold> _holds = [];
    private long _acquisitions;
    private int _closed;

    internal NatsCoordinationSession(NatsCoordinationBackend backend, INatsKVStore locksBucket, SessionOptions options)
    {
        _backend = backend;
        LocksBucket = locksBucket;
        Ttl = options.Ttl;
        KeepAliveInterval = options.KeepAliveInterval ?? options.Ttl / 3;
        Id = RandomNumberGenerator.GetHexString(12, lowercase: true);
    }

    /// <summary>A random id, the prefix of every holder id of this session.</summary>
    public string Id { get; }

    /// <summary>The locks bucket's MaxAge: how long an entry outlives its last renewal.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>How often each entry is renewed (default a third of the TTL).</summary>
    public TimeSpan KeepAliveInterval { get; }

    public CancellationToken Lost => _lost.Token;

    public string? LostReason { get; private set; }

    internal INatsKVStore LocksBucket { get; }

    internal NatsCalls Calls => _backend.Calls;

    internal NatsCoordinationBackend Backend => _backend;

    /// <inheritdoc />
    public IDistributedLock CreateLock(string name, string owner = "") => new NatsLock(this, NatsKeys.Check(name), owner);

    /// <inheritdoc />
    public ILeaderElection CreateElection(string name) => new NatsElection(this, NatsKeys.Check(name));

    /// <summary>Stops renewing every entry; each expires after the TTL and its holder's Lost fires then.</summary>
    public Task AbandonAsync()
    {
        foreach (var hold in Snapshot())
        {
            hold.Abandon();
        }

        return Task.CompletedTask;
    }

    /// <summary>Releases every entry (revision-checked deletes), so peers take over at their next poll.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            foreach (var hold in Snapshot())
            {
                try
                {
                    await hold.ReleaseAsync(cancellationToken);
                }
                catch (StoreException)
                {
                    // Unreachable: the entry expires by itself after the TTL.
                }
            }
        }
        finally
        {
            LostReason = "session closed";
            _lost.Cancel();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _lost.Dispose();
    }

    internal string NextHolderId() => $"{Id}.{Interlocked.Increment(ref _acquisitions).ToString(CultureInfo.InvariantCulture)}";

    internal void Track(NatsHold hold)
    {
        lock (_holds)
        {
            _holds.Add(hold);
        }
    }

    internal void Forget(NatsHold hold)
    {
        lock (_holds)
        {
            _holds.Remove(hold);
        }
    }

    private List<NatsHold> Snapshot()
    {
        lock (_holds)
        {
            return [.. _holds];
        }
    }
}
