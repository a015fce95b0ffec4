namespace ResilienceLab.History;

/// <summary>
/// Shares one string instance per distinct short text read from a history (process names, ops, keys): a million
/// entries name a handful of processes and keys, and one copy of each per entry was most of a large check's memory.
/// Bounded so a history of unique keys cannot grow it without limit; past the bound texts are simply not shared.
/// </summary>
internal sealed class StringPool
{
    /// <summary>Distinct texts kept; a real run has tens to thousands (keys per task or register).</summary>
    public const int MaxStrings = 64 * 1024;

    /// <summary>Longest text shared; longer ones (errors, values) are rarely repeated.</summary>
    public const int MaxLength = 256;

    private readonly HashSet<string> strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public StringPool() => lookup = strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The shared instance equal to <paramref name="text"/>, added when new and there is room.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (lookup.TryGetValue(text, out var shared))
        {
            return shared;
        }

        var created = text.ToString();
        if (text.Length <= MaxLength && strings.Count < MaxStrings)
        {
            strings.Add(created);
        }

        return created;
    }
}
