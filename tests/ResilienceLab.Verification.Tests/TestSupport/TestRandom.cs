namespace ResilienceLab.Verification.Tests.TestSupport;

/// <summary>
/// A tiny seeded generator (xorshift64*) for property tests, so a failure replays from its seed.
/// (System.Random is banned; the lead will add ResilienceLab.Coordination.DeterministicRandom.)
/// </summary>
internal sealed class TestRandom(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

    public ulong NextUInt64()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1DUL;
    }

    /// <summary>Uniform in [0, bound).</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

    /// <summary>Uniform in [low, high).</summary>
    public double Between(double low, double high) => low + ((NextUInt64() >> 11) * (1.0 / (1UL << 53)) * (high - low));

    public bool Chance(double probability) => Between(0, 1) < probability;
}
