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
        var located = new List<(HistoryEntry Entry, HistoryLocation Location, int Source)>(entries.TryGetNonEnumeratedCount(out var count) ? count : 0);
        foreach (var entry in entries)
        {
            located.Add((entry, new HistoryLocation(sourceName, located.Count + 1), 0));
        }


        foreach (var (entry, location, _) in located)
        {
            HistoryEntryValidator.Validate(entry, location, problems);
        }

        var history = Merge(located, [sourceName]);
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

    internal static MergedHistory Merge(List<(HistoryEntry Entry, HistoryLocation Location, int Source)> located, IReadOnlyList<string> sources)
    {
        // List.Sort is not stable: make the tie-break explicit (source order, then line).
        located.Sort((a, b) =>
        {
            var byTime = a.Entry.Time.UtcTicks.CompareTo(b.Entry.Time.UtcTicks);
            if (byTime != 0)
            {
                return byTime;
            }

            var bySource = a.Source.CompareTo(b.Source);
            return bySource != 0 ? bySource : a.Location.Line.CompareTo(b.Location.Line);
        });
        var entries = new HistoryEntry[located.Count];
        var locations = new HistoryLocation[located.Count];
        for (var i = 0; i < located.Count; i++)
        {
            (entries[i], locations[i], _) = located[i];
        }

        return new MergedHistory(entries, locations, sources);
    }
}
