namespace ResilienceLab.History;

/// <summary>Discards every entry: history recording turned off.</summary>
public sealed class NullHistorySink : IHistorySink
{
    /// <summary>The one instance.</summary>
    public static NullHistorySink Instance { get; } = new();

    private NullHistorySink()
    {
    }

    /// <inheritdoc />
    public void Record(HistoryEntry entry)
    {
    }
}
