namespace ResilienceLab.Coordination;

/// <summary>
/// The one source of randomness in ResilienceLab: a seeded xoshiro256** generator, so that a failing run
/// replays exactly from its seed. <see cref="Fork"/> derives independent, named sub-streams so that adding a
/// consumer does not shift the numbers another consumer sees. Not thread-safe: give each consumer its own fork.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public DeterministicRandom(long seed)
    {
        Seed = seed;
        var x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    /// <summary>The seed this generator (or its root) was created with.</summary>
    public long Seed { get; }

    /// <summary>A new generator whose stream depends only on this generator's seed and <paramref name="name"/>.</summary>
    public DeterministicRandom Fork(string name)
    {
        // FNV-1a of the name mixed with the seed: stable across runs and platforms (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return new DeterministicRandom(unchecked((long)(hash ^ (ulong)Seed * 0x9E3779B97F4A7C15UL)));
    }

    /// <summary>A uniformly distributed 64-bit value.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        return (int)(NextUInt64() % (ulong)maxExclusive);
    }

    /// <summary>An integer in [<paramref name="minInclusive"/>, <paramref name="maxExclusive"/>).</summary>
    public int Next(int minInclusive, int maxExclusive) => minInclusive + Next(maxExclusive - minInclusive);

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    /// <summary>A duration uniformly in [<paramref name="baseline"/> − <paramref name="jitter"/>, <paramref name="baseline"/> + <paramref name="jitter"/>], never negative.</summary>
    public TimeSpan Jitter(TimeSpan baseline, TimeSpan jitter)
    {
        if (jitter <= TimeSpan.Zero)
        {
            return baseline;
        }

        var offset = (NextDouble() * 2 - 1) * jitter.Ticks;
        return TimeSpan.FromTicks(Math.Max(0, baseline.Ticks + (long)offset));
    }

    /// <summary>Shuffles a list in place (Fisher–Yates).</summary>
    public void Shuffle<T>(IList<T> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
