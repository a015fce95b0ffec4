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
        // Sized up front: a simulated seed has thousands of entries, and a list grown by doubling leaves a trail of
        // large-object-heap arrays behind it, which count towards the next gen2 collection.
        var lines = new List<(HistoryEntry Entry, int Line)>(entries.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var entry in entries)
        {
            lines.Add((entry, lines.Count + 1));
            HistoryEntryValidator.Validate(entry, new HistoryLocation(sourceName, lines.Count), problems);
        }

        var history = Merge([lines], [sourceName]);
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
            if (!IsInTimeOrder(lines))
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

    private static bool IsInTimeOrder(List<(HistoryEntry Entry, int Line)> lines)
    {
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Entry.Time.UtcTicks < lines[i - 1].Entry.Time.UtcTicks)
            {
                return false;
            }
        }

        return true;
    }
}
