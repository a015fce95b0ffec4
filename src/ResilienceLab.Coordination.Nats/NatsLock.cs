using ResilienceLab.Coordination.Nats.Internal;

namespace ResilienceLab.Coordination.Nats;

/// <summary>
/// A TTL lock on NATS: the entry <c>&lt;name&gt;</c> in the locks bucket, taken with create-if-absent. A waiter polls
/// (every <see cref="NatsBackendOptions.PollInterval"/>): Debian's server (2.9) expires entries by MaxAge without telling
/// watchers, so there is no deletion to wait for. No queue either: whoever creates the entry first after it is gone wins.
/// </summary>
internal sealed class NatsLock : IDistributedLock
{
    private readonly NatsCoordinationSession _session;
    private NatsLockHandle? _held;

    internal NatsLock(NatsCoordinationSession session, string name, string owner)
    {
        _session = session;
        Name = name;
        Owner = owner;
    }

    public string Name { get; }

    public string Owner { get; }

    /// <summary>Polls until the entry is created by this contender.</summary>
    public async Task<ILockHandle> AcquireAsync(CancellationToken cancellationToken = default) =>
        (await PollAsync(null, cancellationToken))!;

    /// <summary>Polls until the entry is created by this contender or <paramref name="wait"/> has passed (then null).</summary>
    public async Task<ILockHandle?> TryAcquireWithinAsync(TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (wait == Timeout.InfiniteTimeSpan)
        {
            return await AcquireAsync(cancellationToken);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        return wait == TimeSpan.Zero ? await TryAcquireAsync(cancellationToken) : await PollAsync(wait, cancellationToken);
    }

    /// <summary>Tries, then sleeps a poll interval (or what is left of <paramref name="wait"/>) between tries; null when the wait is up.</summary>
    private async Task<ILockHandle?> PollAsync(TimeSpan? wait, CancellationToken cancellationToken)
    {
        var time = _session.Calls.Time;
        var started = time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _session.Lost);
        while (true)
        {
            try
            {
                if (await TryAcquireAsync(linked.Token) is { } handle)
                {
                    return handle;
                }
            }
            catch (StoreUnavailableException)
            {
                // Keep polling: the server is unreachable, not refusing.
            }

            var pause = _session.Backend.Options.PollInterval;
            if (wait is { } bound)
            {
                var left = bound - time.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                pause = left < pause ? left : pause;
            }

            await Task.Delay(pause, time, linked.Token);
        }
    }

    /// <summary>One create-if-absent; null when someone holds the lock.</summary>
    public async Task<ILockHandle?> TryAcquireAsync(CancellationToken cancellationToken = default)
    {
        if (_held is { Lost.IsCancellationRequested: false } held)
        {
            return held;
        }

        var hold = await NatsHold.TryCreateAsync(_session, Name, Owner, cancellationToken);
        if (hold is null)
        {
            return null;
        }

        _held = new NatsLockHandle(_session, hold);
        return _held;
    }
}
