using System.Runtime.CompilerServices;

namespace ResilienceLab.Simulation;

/// <summary>
/// The armed timers of a <see cref="VirtualClock"/>, a binary min-heap on (due time, arming order). Each timer knows
/// its place in the heap, so re-arming moves it and disarming takes it out: the heap holds exactly the armed timers.
/// (A queue that left a re-armed or cancelled timer's old entry behind to be skipped later grew with every call
/// timeout that never fired, and every operation on it paid for their depth.) Not thread-safe: the clock locks.
/// </summary>
internal sealed class TimerHeap
{
    private VirtualTimer[] _items = new VirtualTimer[64];
    private int _count;

    /// <summary>The timer due first, or null when none is armed.</summary>
    public VirtualTimer? Peek() => _count == 0 ? null : _items[0];

    /// <summary>Arms <paramref name="timer"/> at (<paramref name="due"/>, <paramref name="sequence"/>), moving it if it was armed already.</summary>
    public void Set(VirtualTimer timer, long due, long sequence)
    {
        timer.Due = due;
        timer.Sequence = sequence;
        if (timer.HeapIndex < 0)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _count * 2);
            }

            Place(timer, _count++);
        }

        Reposition(timer.HeapIndex);
    }

    /// <summary>Takes <paramref name="timer"/> out of the heap if it is in it.</summary>
    public void Remove(VirtualTimer timer)
    {
        var index = timer.HeapIndex;
        if (index < 0)
        {
            return;
        }

        timer.HeapIndex = -1;
        var last = _items[--_count];
        _items[_count] = null!;
        if (index == _count)
        {
            return;
        }

        Place(last, index);
        Reposition(index);
    }

    /// <summary>Restores the heap order around the timer at <paramref name="index"/>, whose key may have moved either way.</summary>
    private void Reposition(int index)
    {
        var timer = _items[index];
        Down(index);
        Up(timer.HeapIndex);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precedes(VirtualTimer a, VirtualTimer b) => a.Due < b.Due || (a.Due == b.Due && a.Sequence < b.Sequence);

    private void Place(VirtualTimer timer, int index)
    {
        _items[index] = timer;
        timer.HeapIndex = index;
    }

    private void Up(int index)
    {
        var timer = _items[index];
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!Precedes(timer, _items[parent]))
            {
                break;
            }

            Place(_items[parent], index);
            index = parent;
        }

        Place(timer, index);
    }

    private void Down(int index)
    {
        var timer = _items[index];
        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && Precedes(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!Precedes(_items[child], timer))
            {
                break;
            }

            Place(_items[child], index);
            index = child;
        }

        Place(timer, index);
    }
}
