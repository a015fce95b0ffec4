namespace ResilienceLab.Simulation;

/// <summary>
/// What a <see cref="VirtualClock"/> fires when it is due: a <see cref="VirtualTimer"/>, or something of the simulation
/// itself armed on the clock without a timer object of its own (a request's leg on the simulated wire and its caller's
/// deadline). One item can be armed in several slots at once, each with its own place in the clock's
/// <see cref="TimerHeap"/>; a timer has one slot, 0.
/// </summary>
internal interface IScheduled
{
    /// <summary>The place of <paramref name="slot"/> in the clock's heap, or -1 while it is not armed.</summary>
    int HeapIndex(int slot);

    /// <summary>Moves <paramref name="slot"/> to <paramref name="index"/> in the heap (-1: out of it).</summary>
    void SetHeapIndex(int slot, int index);

    /// <summary>Runs <paramref name="slot"/> when it is due (on the loop's thread, with the clock at its due time).</summary>
    void Fire(int slot);
}
