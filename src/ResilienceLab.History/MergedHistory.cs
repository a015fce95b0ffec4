namespace ResilienceLab.History;

/// <summary>
/// Every process's entries (and the chaos events) in one list ordered by time; entries with equal
/// times keep the order of their sources (files in the order given), then their line order.
/// </summary>
public sealed class MergedHistory
{
    internal MergedHistory(IReadOnlyList<HistoryEntry> entries, IReadOnlyList<HistoryLocation> locations, IReadOnlyList<string> sources)
    {
        Entries = entries;
        Locations = locations;
        Sources = sources;
    }

    /// <summary>A history with no entries.</summary>
    public static MergedHistory Empty { get; } = new([], [], []);

    /// <summary>The entries in merge order.</summary>
    public IReadOnlyList<HistoryEntry> Entries { get; }

    /// <summary>Where each entry came from (parallel to <see cref="Entries"/>).</summary>
    public IReadOnlyList<HistoryLocation> Locations { get; }

    /// <summary>The sources merged, in tie-breaking order.</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Entries.Count;

    /// <summary>Time of the first entry, if any.</summary>
    public DateTimeOffset? Start => Entries.Count > 0 ? Entries[0].Time : null;

    /// <summary>Time of the last entry, if any.</summary>
    public DateTimeOffset? End => Entries.Count > 0 ? Entries[^1].Time : null;

    /// <summary>
    /// Builds a merged history from entries made in code (tests, the simulation's memory sink):
    /// orders them like the reader does (time, then the order given) and applies the same checks.
    /// </summary>
    /// <exception cref="HistoryFormatException">An entry breaks the format; every error is listed, located as "name:n" (1-based position given).</exception>
    public static MergedHistory FromEntries(IEnumerable<HistoryEntry> entries, string sourceName = "memory")
    {
        var problems = new List<HistoryProblem>();
        var given = entries as IReadOnlyList<HistoryEntry> ?? [.. entries];
        for (var i = 0; i < given.Count; i++)
        {
            HistoryEntryValidator.Validate(given[i], new HistoryLocation(sourceName, i + 1), problems);
        }

        MergedHistory history;
        if (IsInTimeOrder(given))
        {
            // Already in time order (a simulated seed's entries, as a rule): the merge of one source is a copy, and the
            // location of entry i is line i + 1 of it (computed when asked, not stored).
            history = new MergedHistory([.. given], new Lines(sourceName, given.Count), [sourceName]);
        }
        else
        {
            // Sized up front: a list grown by doubling leaves a trail of large-object-heap arrays behind it.
            var lines = new List<(HistoryEntry Entry, int Line)>(given.Count);
            for (var i = 0; i < given.Count; i++)
            {
                lines.Add((given[i], i + 1));
            }

            history = Merge([lines], [sourceName]);
        }

        HistoryPairingValidator.Validate(history.Entries, history.Locations, problems);
        var errors = problems.Where(p => !p.IsWarning).ToList();
        return errors.Count > 0 ? throw new HistoryFormatException(errors) : history;
    }

    /// <summary>Writes the merged history as JSON Lines (the report's history.jsonl).</summary>
    public void WriteJsonl(TextWriter writer)
    {
        foreach (var entry in Entries)
        {
            writer.Write(HistoryJson.Serialize(entry));
            writer.Write('\n');
        }
    }

    /// <summary>
    /// Merges per-source entries (each with its 1-based line) into one time order: equal times keep the order of the
    /// sources, then line order. A process's file is already in time order (one clock, appended as it goes), so a
    /// k-way merge of the sources does it in one linear pass; a source out of order is sorted first.
    /// </summary>
    internal static MergedHistory Merge(IReadOnlyList<List<(HistoryEntry Entry, int Line)>> perSource, IReadOnlyList<string> sources)
    {
        var total = 0;
        var queue = new PriorityQueue<int, (long Ticks, int Source)>(perSource.Count);
        for (var s = 0; s < perSource.Count; s++)
        {
            var lines = perSource[s];
            total += lines.Count;
            if (!IsInTimeOrder(lines, static l => l.Entry))
            {
                // Lines are unique within a source, so this comparison is a stable sort by time.
                lines.Sort((a, b) => a.Entry.Time.UtcTicks != b.Entry.Time.UtcTicks ? a.Entry.Time.UtcTicks.CompareTo(b.Entry.Time.UtcTicks) : a.Line.CompareTo(b.Line));
            }

            if (lines.Count > 0)
            {
                queue.Enqueue(s, (lines[0].Entry.Time.UtcTicks, s));
            }
        }

        var entries = new HistoryEntry[total];
        var locations = new HistoryLocation[total];
        var next = new int[perSource.Count];
        for (var i = 0; i < total; i++)
        {
            var s = queue.Dequeue();
            var lines = perSource[s];
            (entries[i], var line) = lines[next[s]];
            locations[i] = new HistoryLocation(sources[s], line);
            if (++next[s] < lines.Count)
            {
                queue.Enqueue(s, (lines[next[s]].Entry.Time.UtcTicks, s));
            }
        }

        return new MergedHistory(entries, locations, sources);
    }

    /// <summary>Whether <paramref name="entries"/> are in time order (equal times allowed).</summary>
    public static bool IsInTimeOrder(IReadOnlyList<HistoryEntry> entries) => IsInTimeOrder(entries, static e => e);

    private static bool IsInTimeOrder<T>(IReadOnlyList<T> items, Func<T, HistoryEntry> entry)
    {
        for (var i = 1; i < items.Count; i++)
        {
            if (entry(items[i]).Time.UtcTicks < entry(items[i - 1]).Time.UtcTicks)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The locations of one source's entries in their given order: line i + 1 for entry i.</summary>
    private sealed class Lines(string source, int count) : IReadOnlyList<HistoryLocation>
    {
        public int Count => count;

        public HistoryLocation this[int index] =>
            (uint)index < (uint)count ? new HistoryLocation(source, index + 1) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<HistoryLocation> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return new HistoryLocation(source, i + 1);
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
