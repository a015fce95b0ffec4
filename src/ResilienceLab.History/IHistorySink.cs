namespace ResilienceLab.History;

/// <summary>Where a process records its history. Implementations are thread-safe.</summary>
public interface IHistorySink
{
    /// <summary>Records one entry. Must not throw on I/O trouble after the sink was opened.</summary>
    void Record(HistoryEntry entry);
}
