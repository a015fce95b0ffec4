namespace ResilienceLab.Coordination;

/// <summary>
/// A lease kept alive in the background, as etcd's concurrency.Session. <see cref="Lost"/> fires when the
/// server says the lease is gone, or when no renewal succeeded for a whole TTL (counted from when the last
/// successful renewal was SENT, the earliest the server may have started its TTL), so a holder stops acting
/// before, not after, its lease may have expired on the server — as far as its own clock can tell. The etcd
/// implementation of <see cref="ICoordinationSession"/>.
/// </summary>
public sealed class Session : ICoordinationSession
{
    private readonly IKeyValueStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _interval;

    // Each name this session queues on, with its contender key and its queue's prefix: a replica takes the same few locks
    // again and again, and formatting both was two strings per attempt (issue 20).
    private readonly Lock _namesGate = new();
    private readonly Dictionary<string, (string Key, string Queue)> _queueNames = new(StringComparer.Ordinal);
    private Task _keepAlive = Task.CompletedTask;
    private long _validUntil;
    private int _closed;

    private Session(IKeyValueStore store, TimeProvider timeProvider, LeaseGrant grant, TimeSpan interval, long grantSentAt, RecipeBug bug)
    {
        Bug = bug;
        _store = store;
        _timeProvider = timeProvider;
        LeaseId = grant.Id;
        Ttl = grant.Ttl;
        _interval = interval;
        _validUntil = grantSentAt + ToTicks(grant.Ttl);
    }

    /// <summary>The lease id.</summary>
    public long LeaseId { get; }

    /// <summary>The contender key this session queues under <paramref name="name"/> (<see cref="KeyQueue.KeyFor"/>) and the queue's prefix.</summary>
    internal (string Key, string Queue) QueueNames(string name)
    {
        lock (_namesGate)
        {
            if (!_queueNames.TryGetValue(name, out var names))
            {
                _queueNames[name] = names = (KeyQueue.KeyFor(name, LeaseId), name + "/");
            }

            return names;
        }
    }

    /// <summary>The lease id in lowercase hex, as the session's lock and candidate keys end.</summary>
    public string Id => LeaseId.ToString("x");

    /// <summary>The TTL the server granted.</summary>
    public TimeSpan Ttl { get; }

    /// <summary>Fires once the lease is (or may be) gone. Everything that depends on the session links to it.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Why <see cref="Lost"/> fired, or null.</summary>
    public string? LostReason { get; private set; }

    /// <summary>The error of a call that found the session lost: its reason, or <paramref name="fallback"/> when none was given yet.</summary>
    internal SessionExpiredException Expired(string fallback) => new(LeaseId, LostReason ?? fallback);

    /// <summary>The store the session lives in.</summary>
    public IKeyValueStore Store => _store;

    /// <summary>The deliberate bug of a mutation test, or none.</summary>
    internal RecipeBug Bug { get; }

    /// <summary>The clock the session judges expiry by.</summary>
    public TimeProvider TimeProvider => _timeProvider;

    /// <summary>Grants a lease and starts keeping it alive.</summary>
    public static async Task<Session> CreateAsync(IKeyValueStore store, SessionOptions options, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        options.Validate();
        var sentAt = timeProvider.GetTimestamp();
        var grant = await store.GrantLeaseAsync(options.Ttl, cancellationToken);
        var interval = options.Bug == RecipeBug.KeepAliveIntervalEqualsTtl ? grant.Ttl : options.KeepAliveInterval ?? grant.Ttl / 3;
        var session = new Session(store, timeProvider, grant, interval, sentAt, options.Bug);
        session._keepAlive = session.KeepAliveLoopAsync();
        return session;
    }

    /// <summary>An etcd-recipe lock bound to this session's lease.</summary>
    public IDistributedLock CreateLock(string name, string owner = "") => new DistributedLock(this, name, owner);

    /// <summary>An etcd-recipe candidacy bound to this session's lease.</summary>
    public ILeaderElection CreateElection(string name) => new LeaderElection(this, name);

    /// <summary>Stops renewing without revoking: the lease expires on the server after its TTL (a crashed or wedged holder).</summary>
    public async Task AbandonAsync()
    {
        _stop.Cancel();
        await _keepAlive;
    }

    /// <summary>Stops renewing and revokes the lease, deleting every key bound to it, so peers take over at once.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        await AbandonAsync();
        try
        {
            await _store.RevokeLeaseAsync(LeaseId, cancellationToken);
        }
        catch (LeaseNotFoundException)
        {
            // Already gone: nothing to release.
        }

        MarkLost("session closed");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync();
        }
        catch (StoreException)
        {
            // Best effort: the lease expires by itself after its TTL.
        }

        _lost.Dispose();
        _stop.Dispose();
    }

    private async Task KeepAliveLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested && !_lost.IsCancellationRequested)
        {
            // Wait no longer than the lease may still be valid, so the loss is declared on time. (The mutant that ignores
            // the TTL renews at its interval whatever remains.)
            var ignoresTtl = Bug == RecipeBug.SessionLostOnlyOnLeaseNotFound;
            var wait = ignoresTtl ? _interval : TimeSpan.FromTicks(Math.Min(_interval.Ticks, Math.Max(0, RemainingTicks())));
            try
            {
                await Task.Delay(wait, _timeProvider, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (RemainingTicks() <= 0 && !ignoresTtl)
            {
                MarkLost($"no keep-alive succeeded within the TTL ({Ttl})");
                return;
            }

            var sentAt = _timeProvider.GetTimestamp();
            try
            {
                // The call ends at its timeout or at the stop: the stop cancels the timeout's source through one registration
                // (whose node the stop's source reuses from renewal to renewal) instead of a linked source per renewal.
                using var deadline = new CancellationTokenSource(ignoresTtl ? _interval : TimeSpan.FromSeconds(Math.Max(1, RemainingTicks()) / (double)_timeProvider.TimestampFrequency), _timeProvider);
                using var stopped = token.UnsafeRegister(static d => ((CancellationTokenSource)d!).Cancel(), deadline);
                await _store.KeepAliveOnceAsync(LeaseId, deadline.Token);
                Interlocked.Exchange(ref _validUntil, sentAt + ToTicks(Ttl));
            }
            catch (LeaseNotFoundException)
            {
                MarkLost("the store reports the lease expired or revoked");
                return;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StoreException or OperationCanceledException)
            {
                // Transient: try again at the next interval, unless the TTL ran out meanwhile.
                if (Bug == RecipeBug.KeepAliveStopsAfterError)
                {
                    // The lease is left to expire while the session keeps believing until its TTL runs out.
                    await WaitOutAsync(token);
                    return;
                }
            }
        }
    }

    /// <summary>The mutant's end: no more renewals, and the loss declared when the TTL runs out on this clock.</summary>
    private async Task WaitOutAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, RemainingTicks()) / (double)_timeProvider.TimestampFrequency), _timeProvider, token);
            MarkLost($"no keep-alive succeeded within the TTL ({Ttl})");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private long RemainingTicks() => Interlocked.Read(ref _validUntil) - _timeProvider.GetTimestamp();

    private long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * _timeProvider.TimestampFrequency);

    private void MarkLost(string reason)
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
}
