namespace ResilienceLab.Simulation;

/// <summary>
/// Virtual time for a deterministic simulation. Time moves only when <see cref="SimulationLoop"/> advances it to
/// the next due timer; timers fire in (due time, creation order), so a run is a pure function of its seed.
/// Timestamps are in <see cref="TimeSpan"/> ticks.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly TimerHeap _armed = new();
    private readonly DateTimeOffset _epoch;
    private long _now;
    private long _sequence;

    public VirtualClock(DateTimeOffset? epoch = null) => _epoch = epoch ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Virtual time elapsed since the start.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _now));

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _now);

    public override DateTimeOffset GetUtcNow() => _epoch + Elapsed;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        CreateTimer(callback, state, dueTime, period, owner: null);

    /// <summary>Creates a timer owned by a simulated process (its callbacks are held while the process is paused).</summary>
    internal VirtualTimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period, SimulatedProcess? owner)
    {
        var timer = new VirtualTimer(this, callback, state, period, owner);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Moves time forward by <paramref name="by"/>, firing every timer due meanwhile, in order, on the caller's thread.
    /// For code driven outside a <see cref="SimulationLoop"/> (e.g. contract tests with zero network latency).
    /// </summary>
    public void Advance(TimeSpan by)
    {
        var target = Now + by.Ticks;
        while (NextDue() is { } due && due <= target)
        {
            FireNext();
        }

        lock (_gate)
        {
            _now = Math.Max(_now, target);
        }
    }

    /// <summary>The due time of the next timer, or null when none is armed.</summary>
    internal long? NextDue()
    {
        lock (_gate)
        {
            return _armed.Peek()?.Due;
        }
    }

    /// <summary>Advances to the next due timer and fires it (on the caller's thread). False when no timer is armed.</summary>
    internal bool FireNext()
    {
        TimerHeap.Entry next;
        lock (_gate)
        {
            if (_armed.Peek() is not { } due)
            {
                return false;
            }

            next = due;
            _armed.Remove(next.Item, next.Slot);
            if (next.Due > _now)
            {
                _now = next.Due;
            }
        }

        next.Item.Fire(next.Slot);
        return true;
    }

    /// <summary>Arms <paramref name="item"/>'s <paramref name="slot"/> at <paramref name="due"/> (virtual ticks), moving it if it was armed already.</summary>
    internal void Arm(IScheduled item, long due, int slot = 0)
    {
        lock (_gate)
        {
            _armed.Set(item, slot, due, ++_sequence);
        }
    }

    /// <summary>Takes <paramref name="item"/>'s <paramref name="slot"/> off the clock if it is armed.</summary>
    internal void Disarm(IScheduled item, int slot = 0)
    {
        lock (_gate)
        {
            _armed.Remove(item, slot);
        }
    }

    internal long Now => Interlocked.Read(ref _now);
}
