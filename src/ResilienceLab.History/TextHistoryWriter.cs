namespace ResilienceLab.History;

/// <summary>
/// Writes entries as JSON Lines to a <see cref="TextWriter"/> (standard output on Kubernetes, where the pod log carries
/// them; log lines in between are told apart because a history line is a JSON object). One write and flush per entry.
/// </summary>
public sealed class TextHistoryWriter(TextWriter writer) : IHistorySink
{
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public void Record(HistoryEntry entry)
    {
        var line = HistoryJson.Serialize(entry);
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
