namespace ResilienceLab.Coordination;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock can be set off from an inner clock while it runs: a chaos plan's
/// <c>clock-skew</c> on a replica. After <see cref="Set"/>(skew, drift) its time is the inner time plus
/// <c>skew + drift × (inner time elapsed since the call)</c>: it jumps by <c>skew</c> at once and then advances
/// <c>(1 + drift)</c> seconds per inner second. <see cref="Reset"/> returns it to the inner time. Everything reads the
/// one clock: <see cref="GetUtcNow"/>, <see cref="GetTimestamp"/>, and timers, which fire when this clock has advanced
/// by their due time — a slow clock fires them late, a jump forward early — and are re-aimed whenever the fault
/// changes. Without a fault it passes everything through, timers included. Thread-safe.
/// </summary>
public sealed class SkewedTimeProvider : TimeProvider
{
    /// <summary>The longest a timer is aimed at once (System.Threading.Timer takes at most about 49 days).</summary>
    private static readonly TimeSpan LongestAim = TimeSpan.FromDays(40);

    private readonly Lock _gate = new();

    // Armed timers, re-aimed when the fault changes. A HashSet enumerates in the order of its operations (never of
    // hash codes), so re-aiming on a virtual clock stays deterministic.
    private readonly HashSet<SkewedTimer> _armed = new(ReferenceEqualityComparer.Instance);
    private double _skew;
    private double _drift;
    private long _since;

    /// <summary>A clock that reads <paramref name="inner"/> until a fault is set.</summary>
    public SkewedTimeProvider(TimeProvider inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
    }

    /// <summary>The clock beneath the fault: true time for the replica (what its history is stamped with).</summary>
    public TimeProvider Inner { get; }

    /// <summary>Whether a fault is in force.</summary>
    public bool Skewed { get; private set; }

    /// <summary>How far this clock is from <see cref="Inner"/> now (negative: behind).</summary>
    public TimeSpan Offset
    {
        get
        {
            lock (_gate)
            {
                return TimeSpan.FromSeconds(OffsetAt(Inner.GetTimestamp()) / (double)Inner.TimestampFrequency);
            }
        }
    }

    /// <summary>
    /// From now on the clock reads <paramref name="skew"/> off the inner clock, and drifts by <paramref name="drift"/>
    /// (the clock advances (1 + drift) s per inner second). Replaces any earlier fault.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="drift"/> is not in (-1, 1): at -1 the clock stands still.</exception>
    public void Set(TimeSpan skew, double drift)
    {
        if (double.IsNaN(drift) || drift <= -1 || drift >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(drift), drift, "drift must be greater than -1 (the clock would stand still or run backwards) and less than 1");
        }

        lock (_gate)
        {
            (_skew, _drift, _since, Skewed) = (skew.TotalSeconds * Inner.TimestampFrequency, drift, Inner.GetTimestamp(), true);
            ReaimTimers();
        }
    }

    /// <summary>Back to the inner clock's time (a jump by minus <see cref="Offset"/>).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            (_skew, _drift, Skewed) = (0, 0, false);
            ReaimTimers();
        }
    }

    /// <summary>The clock beneath <paramref name="time"/>'s fault when it is a <see cref="SkewedTimeProvider"/>, else <paramref name="time"/>.</summary>
    public static TimeProvider Underlying(TimeProvider time) => time is SkewedTimeProvider skewed ? skewed.Inner : time;

    /// <inheritdoc />
    public override long TimestampFrequency => Inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return LocalNow();
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            var utc = Inner.GetUtcNow();
            return Skewed ? utc + ToTimeSpan(OffsetAt(Inner.GetTimestamp())) : utc;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SkewedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private long LocalNow()
    {
        var inner = Inner.GetTimestamp();
        return inner + OffsetAt(inner);
    }

    private long OffsetAt(long inner) => Skewed ? (long)Math.Floor(_skew + (_drift * (inner - _since))) : 0;

    /// <summary>
    /// The inner time until this clock reads <paramref name="due"/> (at the current rate), at most <see cref="LongestAim"/>:
    /// a timer aimed short finds itself not yet due and aims again.
    /// </summary>
    private TimeSpan UntilLocal(long due)
    {
        var remaining = due - LocalNow();
        var ticks = Math.Ceiling(remaining / (1 + _drift) * TimeSpan.TicksPerSecond / Inner.TimestampFrequency);
        return remaining <= 0 ? TimeSpan.Zero : ticks >= LongestAim.Ticks ? LongestAim : TimeSpan.FromTicks((long)ticks);
    }

    private long ToTimestamp(TimeSpan span) =>
        (long)Math.Min(Math.Ceiling(span.Ticks * (double)Inner.TimestampFrequency / TimeSpan.TicksPerSecond), long.MaxValue / 4);

    private TimeSpan ToTimeSpan(long timestamp) => TimeSpan.FromTicks((long)Math.Floor(timestamp * (double)TimeSpan.TicksPerSecond / Inner.TimestampFrequency));

    private void ReaimTimers()
    {
        foreach (var timer in _armed)
        {
            timer.Reaim();
        }
    }

    /// <summary>
    /// A timer on the skewed clock. Armed while no fault has changed since, it is the inner timer as asked (direct);
    /// once a fault changes, it is re-aimed at the inner time when this clock reaches its due time, and keeps its period
    /// itself.
    /// </summary>
    private sealed class SkewedTimer : ITimer
    {
        private readonly SkewedTimeProvider _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private long? _due;
        private bool _direct;
        private bool _disposed;

        public SkewedTimer(SkewedTimeProvider clock, TimerCallback callback, object? state)
        {
            (_clock, _callback, _state) = (clock, callback, state);
            _inner = clock.Inner.CreateTimer(static s => ((SkewedTimer)s!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        private bool Periodic => _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    Disarm();
                    return true;
                }

                var due = dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime;
                _due = _clock.LocalNow() + _clock.ToTimestamp(due);
                _clock._armed.Add(this);
                _direct = !_clock.Skewed;
                return _direct ? _inner.Change(due, period) : _inner.Change(_clock.UntilLocal(_due.Value), Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>The fault changed: fire when the clock, as it now runs, reaches the due time.</summary>
        public void Reaim()
        {
            _direct = false;
            _inner.Change(_clock.UntilLocal(_due!.Value), Timeout.InfiniteTimeSpan);
        }

        private void Fire()
        {
            lock (_clock._gate)
            {
                if (_disposed || _due is not { } due)
                {
                    return;
                }

                if (_direct)
                {
                    // The inner timer keeps the period itself.
                    if (Periodic)
                    {
                        _due = due + _clock.ToTimestamp(_period);
                    }
                    else
                    {
                        Disarm();
                    }
                }
                else
                {
                    var now = _clock.LocalNow();
                    if (now < due)
                    {
                        // Fired by an aim the fault has since changed, or rounded short: not yet due on this clock.
                        _inner.Change(_clock.UntilLocal(due), Timeout.InfiniteTimeSpan);
                        return;
                    }

                    if (Periodic)
                    {
                        // The next period from the last due time (no slippage), or from now when periods were missed.
                        var period = _clock.ToTimestamp(_period);
                        _due = due + period > now ? due + period : now + period;
                        _inner.Change(_clock.UntilLocal(_due.Value), Timeout.InfiniteTimeSpan);
                    }
                    else
                    {
                        Disarm();
                    }
                }
            }

            _callback(_state);
        }

        private void Disarm()
        {
            _due = null;
            _clock._armed.Remove(this);
            _inner.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public void Dispose()
        {
            lock (_clock._gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _due = null;
                _clock._armed.Remove(this);
            }

            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
