namespace ResilienceLab.Coordination;

/// <summary>
/// "This queue key is no longer ours": the signal behind <see cref="LockHandle.Lost"/> and
/// <see cref="LeaderElection.LeadershipLost"/>. It fires when the session's lease goes, when the owner says so
/// (<see cref="Fire"/>: released, resigned, a fenced write rejected), or when the key itself goes (lease revoked,
/// operator delete). The key is watched only from the first read of <see cref="Token"/>: a watch a caller who never
/// looks at the signal does not need.
/// </summary>
internal sealed class KeyLossSignal
{
    private readonly Session _session;
    private readonly string _key;
    private readonly long _createRevision;
    private readonly Action<string> _onSessionLost;
    private readonly Action _onKeyGone;
    private readonly CancellationTokenSource _lost = new();
    private CancellationTokenRegistration _sessionLost;
    private int _watching;

    /// <param name="session">The session the key is bound to.</param>
    /// <param name="key">The queue key.</param>
    /// <param name="createRevision">The incarnation of the key that is ours.</param>
    /// <param name="onSessionLost">Called with the session's reason when its lease goes; it calls <see cref="Fire"/>.</param>
    /// <param name="onKeyGone">Called when the watch sees the key gone; it calls <see cref="Fire"/>.</param>
    /// <remarks>
    /// The session's loss is heard only from <see cref="ListenToSession"/>, which the owner calls once it holds this
    /// signal (the seeded bugs that ignore the session's loss never call it).
    /// </remarks>
    public KeyLossSignal(Session session, string key, long createRevision, Action<string> onSessionLost, Action onKeyGone) =>
        (_session, _key, _createRevision, _onSessionLost, _onKeyGone) = (session, key, createRevision, onSessionLost, onKeyGone);

    /// <summary>
    /// Starts hearing the session's loss. A session already lost calls back at once, on this thread: hence not from the
    /// constructor, where the owner's callback would find the owner's field for this signal still unset (a lock taken
    /// just as its session's lease went threw a NullReferenceException from its acquire; simulation-smoke seed 2359).
    /// </summary>
    public void ListenToSession() =>
        _sessionLost = _session.Lost.UnsafeRegister(static state => ((KeyLossSignal)state!).OnSessionLost(), this);

    /// <summary>The signal; the first read starts the watch on the key.</summary>
    public CancellationToken Token
    {
        get
        {
            if (Interlocked.Exchange(ref _watching, 1) == 0 && !IsFired)
            {
                _ = WatchKeyAsync();
            }

            return _lost.Token;
        }
    }

    /// <summary>Whether it has fired, without starting the watch.</summary>
    public bool IsFired => _lost.IsCancellationRequested;

    /// <summary>Fires the signal (once) and lets go of the session.</summary>
    public void Fire()
    {
        if (IsFired)
        {
            return;
        }

        _sessionLost.Unregister();
        try
        {
            _lost.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void OnSessionLost() => _onSessionLost(_session.LostReason ?? "session lost");

    private async Task WatchKeyAsync()
    {
        try
        {
            if (await KeyQueue.WaitGoneAsync(_session.Store, _key, _createRevision, _session.TimeProvider, _lost.Token).ConfigureAwait(false))
            {
                _onKeyGone();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (StoreException)
        {
            // The store is closing or rejected the watch; the lease and fenced writes still report the loss.
        }
    }
}
