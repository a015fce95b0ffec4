namespace ResilienceLab.Simulation;

/// <summary>A timer of a <see cref="VirtualClock"/>; stale queue entries are skipped by sequence number.</summary>
internal sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, TimeSpan period, SimulatedProcess? owner) : ITimer
{
    private TimeSpan _period = period;
    private bool _disposed;

    public long ArmedSequence { get; set; }

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

    public void Disarm() => ArmedSequence = 0;

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
