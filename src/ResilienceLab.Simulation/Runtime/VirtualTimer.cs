namespace ResilienceLab.Simulation;

/// <summary>A timer of a <see cref="VirtualClock"/>; while armed it sits in the clock's <see cref="TimerHeap"/>.</summary>
internal sealed class VirtualTimer(VirtualClock clock, TimerCallback callback, object? state, TimeSpan period, SimulatedProcess? owner) : ITimer, IScheduled
{
    private TimeSpan _period = period;
    private bool _disposed;

    private int _heapIndex = -1;

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

    // A timer is armed in one slot.
    int IScheduled.HeapIndex(int slot) => _heapIndex;

    void IScheduled.SetHeapIndex(int slot, int index) => _heapIndex = index;

    void IScheduled.Fire(int slot) => Fire();

    private void Fire()
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
