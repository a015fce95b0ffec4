using ResilienceLab.Coordination;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// The set of operations linearized so far, as a bitset with an incrementally maintained Zobrist hash.
/// Required operations (ids in invoke order) and optional ones (info) live in separate word ranges so
/// that the canonical form stays short: every required op before <see cref="First"/> words is linearized,
/// so only the window from there to the highest set word is stored, plus the optional words in use.
/// </summary>
internal sealed class LinearizedSet
{
    private readonly ulong[] _words;
    private readonly int _requiredWords;
    private readonly int[] _bit;
    private readonly ulong[] _zobrist;
    private int _requiredHigh = -1;
    private int _optionalHigh;

    public LinearizedSet(IReadOnlyList<bool> required, ulong seed)
    {
        var requiredCount = required.Count(r => r);
        _requiredWords = (requiredCount + 63) / 64;
        var optionalWords = (required.Count - requiredCount + 63) / 64;
        _words = new ulong[_requiredWords + optionalWords];
        _optionalHigh = _requiredWords - 1;
        _bit = new int[required.Count];
        _zobrist = new ulong[required.Count];
        var random = new DeterministicRandom(unchecked((long)seed));
        var (nextRequired, nextOptional) = (0, _requiredWords * 64);
        for (var op = 0; op < required.Count; op++)
        {
            _bit[op] = required[op] ? nextRequired++ : nextOptional++;
            _zobrist[op] = random.NextUInt64();
        }
    }

    /// <summary>Hash of the set (XOR of per-operation random values).</summary>
    public ulong Hash { get; private set; }

    /// <summary>The first required word that is not all ones.</summary>
    public int First { get; private set; }

    /// <summary>Words of the required window.</summary>
    public ReadOnlySpan<ulong> RequiredWindow => _words.AsSpan(First, Math.Max(0, _requiredHigh - First + 1));

    /// <summary>Optional words up to the highest one in use.</summary>
    public ReadOnlySpan<ulong> OptionalWindow => _words.AsSpan(_requiredWords, _optionalHigh - _requiredWords + 1);

    public void Add(int op)
    {
        var bit = _bit[op];
        var word = bit >> 6;
        _words[word] |= 1UL << (bit & 63);
        Hash ^= _zobrist[op];
        if (word < _requiredWords)
        {
            _requiredHigh = Math.Max(_requiredHigh, word);
            while (First < _requiredWords && _words[First] == ulong.MaxValue)
            {
                First++;
            }
        }
        else
        {
            _optionalHigh = Math.Max(_optionalHigh, word);
        }
    }

    public void Remove(int op)
    {
        var bit = _bit[op];
        var word = bit >> 6;
        _words[word] &= ~(1UL << (bit & 63));
        Hash ^= _zobrist[op];
        if (word < _requiredWords)
        {
            First = Math.Min(First, word);
            while (_requiredHigh >= 0 && _words[_requiredHigh] == 0)
            {
                _requiredHigh--;
            }
        }
        else
        {
            while (_optionalHigh >= _requiredWords && _words[_optionalHigh] == 0)
            {
                _optionalHigh--;
            }
        }
    }
}
