namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// The memo of the search: every (linearized set, model state) configuration already explored, compared
/// exactly (hash first, then the canonical words). Entries live in flat arrays and one word arena, so a
/// configuration costs a few dozen bytes and no object.
/// </summary>
internal sealed class LinearizationCache
{
    // Small to start, doubling as the search goes: a start sized for 2,048 configurations (128 KB of arrays) was made for
    // every key of every simulated seed, most of whose searches store far fewer.
    private const int InitialEntries = 1 << 8;

    private int[] _buckets = new int[InitialEntries * 2];
    private int[] _next = new int[InitialEntries];
    private ulong[] _hash = new ulong[InitialEntries];
    private long[] _state = new long[InitialEntries];
    private int[] _first = new int[InitialEntries];
    private int[] _requiredLength = new int[InitialEntries];
    private int[] _optionalLength = new int[InitialEntries];
    private int[] _offset = new int[InitialEntries];
    private ulong[] _arena = new ulong[InitialEntries * 2];
    private int _arenaUsed;

    /// <summary>Configurations stored.</summary>
    public int Count { get; private set; }

    /// <summary>Adds the configuration; false when it was already explored.</summary>
    public bool TryAdd(LinearizedSet set, long state)
    {
        var hash = Mix(set.Hash ^ ((ulong)state * 0x9E3779B97F4A7C15UL));
        var required = set.RequiredWindow;
        var optional = set.OptionalWindow;
        var bucket = (int)(hash & (ulong)(_buckets.Length - 1));
        for (var i = _buckets[bucket] - 1; i >= 0; i = _next[i] - 1)
        {
            if (_hash[i] == hash && _state[i] == state && _first[i] == set.First
                && _requiredLength[i] == required.Length && _optionalLength[i] == optional.Length
                && _arena.AsSpan(_offset[i], required.Length).SequenceEqual(required)
                && _arena.AsSpan(_offset[i] + required.Length, optional.Length).SequenceEqual(optional))
            {
                return false;
            }
        }

        var index = Count++;
        if (index == _next.Length)
        {
            GrowEntries();
        }

        var length = required.Length + optional.Length;
        if (_arenaUsed + length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaUsed + length));
        }

        required.CopyTo(_arena.AsSpan(_arenaUsed));
        optional.CopyTo(_arena.AsSpan(_arenaUsed + required.Length));
        (_hash[index], _state[index], _first[index]) = (hash, state, set.First);
        (_requiredLength[index], _optionalLength[index], _offset[index]) = (required.Length, optional.Length, _arenaUsed);
        _arenaUsed += length;
        _next[index] = _buckets[bucket];
        _buckets[bucket] = index + 1;
        if (Count > _buckets.Length - (_buckets.Length >> 2))
        {
            Rehash();
        }

        return true;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private void GrowEntries()
    {
        var size = _next.Length * 2;
        Array.Resize(ref _next, size);
        Array.Resize(ref _hash, size);
        Array.Resize(ref _state, size);
        Array.Resize(ref _first, size);
        Array.Resize(ref _requiredLength, size);
        Array.Resize(ref _optionalLength, size);
        Array.Resize(ref _offset, size);
    }

    private void Rehash()
    {
        _buckets = new int[_buckets.Length * 2];
        var mask = (ulong)(_buckets.Length - 1);
        for (var i = 0; i < Count; i++)
        {
            var bucket = (int)(_hash[i] & mask);
            _next[i] = _buckets[bucket];
            _buckets[bucket] = i + 1;
        }
    }
}
