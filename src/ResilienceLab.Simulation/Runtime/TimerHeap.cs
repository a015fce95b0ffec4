using System.Runtime.CompilerServices;

namespace ResilienceLab.Simulation;

/// <summary>
/// The armed timers of a <see cref="VirtualClock"/> (<see cref="IScheduled"/>: timers, and the simulation's own events),
/// a binary min-heap on (due time, arming order), kept as entries that carry their keys so a comparison reads no object.
/// Each timer knows its place in the heap, so re-arming moves it and disarming takes it out: the heap holds exactly the armed timers.
/// (A queue that left a re-armed or cancelled timer's old entry behind to be skipped later grew with every call
/// timeout that never fired, and every operation on it paid for their depth.) Not thread-safe: the clock locks.
/// </summary>
internal sealed class TimerHeap
{
    private Entry[] _items = new Entry[64];
    private int _count;

    /// <summary>The entry due first, or null when none is armed.</summary>
    public Entry? Peek() => _count == 0 ? null : _items[0];

    /// <summary>Arms <paramref name="item"/>'s <paramref name="slot"/> at (<paramref name="due"/>, <paramref name="sequence"/>), moving it if it was armed already.</summary>
    public void Set(IScheduled item, int slot, long due, long sequence)
    {
        var entry = new Entry(due, sequence, item, slot);
        var index = item.HeapIndex(slot);
        if (index < 0)
        {
            if (_count == _items.Length)
            {
                Array.Resize(ref _items, _count * 2);
            }

            index = _count++;
        }

        _items[index] = entry;
        Reposition(index);
    }

    /// <summary>Takes <paramref name="item"/>'s <paramref name="slot"/> out of the heap if it is in it.</summary>
    public void Remove(IScheduled item, int slot)
    {
        var index = item.HeapIndex(slot);
        if (index < 0)
        {
            return;
        }

        item.SetHeapIndex(slot, -1);
        var last = _items[--_count];
        _items[_count] = default;
        if (index == _count)
        {
            return;
        }

        _items[index] = last;
        Reposition(index);
    }

    /// <summary>Restores the heap order around the entry at <paramref name="index"/>, whose key may have moved either way.</summary>
    private void Reposition(int index) => Up(Down(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Precedes(in Entry a, in Entry b) => a.Due < b.Due || (a.Due == b.Due && a.Sequence < b.Sequence);

    private void Place(in Entry entry, int index)
    {
        _items[index] = entry;
        entry.Item.SetHeapIndex(entry.Slot, index);
    }

    private int Up(int index)
    {
        var entry = _items[index];
        while (index > 0)
        {
            var parent = (index - 1) >> 1;
            if (!Precedes(entry, _items[parent]))
            {
                break;
            }

            Place(_items[parent], index);
            index = parent;
        }

        Place(entry, index);
        return index;
    }

    /// <summary>Moves the entry at <paramref name="index"/> down to its place; returns that place.</summary>
    private int Down(int index)
    {
        var entry = _items[index];
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

            if (!Precedes(_items[child], entry))
            {
                break;
            }

            Place(_items[child], index);
            index = child;
        }

        Place(entry, index);
        return index;
    }

    /// <summary>An armed slot of an item with its keys: due (virtual ticks) and arming order (among items due at once, the earlier-armed fires first).</summary>
    internal readonly record struct Entry(long Due, long Sequence, IScheduled Item, int Slot);
}
