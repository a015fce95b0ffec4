namespace ResilienceLab.History;

/// <summary>Keeps entries in memory, in recording order (the simulation's sink, and tests').</summary>
public sealed class MemoryHistorySink : IHistorySink
{
    private readonly Lock _gate = new();
    private readonly List<HistoryEntry> _entries = [];

    public void Record(HistoryEntry entry)
    {
        lock (_gate)
        {
            _entries.Add(entry);
        }
    }

    /// <summary>A snapshot of what was recorded so far.</summary>
    public IReadOnlyList<HistoryEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }
}
