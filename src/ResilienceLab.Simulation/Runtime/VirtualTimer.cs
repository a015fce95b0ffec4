namespace ResilienceLab.Simulation;

/// <summary>A timer of a <see cref="VirtualClock"/>; while armed it sits in the clock's <see cref="TimerHeap"/>.</summary>
internal sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, TimeSpan period, SimulatedProcess? owner) : ITimer
{
    private TimeSpan _period = period;
    private bool _disposed;

    /// <summary>Its place in the clock's heap, or -1 while it is not armed.</summary>
    public int HeapIndex { get; set; } = -1;

    /// <summary>When it is due (virtual ticks), while armed.</summary>
    public long Due { get; set; }

    /// <summary>When it was armed, relative to the clock's other timers: among timers due at once, the earlier-armed fires first.</summary>
    public long Sequence { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (_disposed)
        {
            return false;
        }

        _period = period;
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            clock.Disarm(this);
            return true;
        }

        clock.Arm(this, clock.Now + Math.Max(0, dueTime.Ticks));
        return true;
    }

    public void Fire()
    {
        if (_disposed)
        {
            return;
        }

        if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
        {
            clock.Arm(this, clock.Now + _period.Ticks);
        }

        if (owner is null)
        {
            callback(state);
        }
        else
        {
            owner.DeliverTimer(Invoke, this);
        }
    }

    private static readonly SendOrPostCallback Invoke = static s => ((VirtualTimer)s!).InvokeCallback();

    private void InvokeCallback() => callback(state);

    public void Dispose()
    {
        _disposed = true;
        clock.Disarm(this);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
