namespace ResilienceLab.History;

/// <summary>
/// Stamps entries with a process name and the time from a <see cref="TimeProvider"/>, numbers
/// operations, and writes them to an <see cref="IHistorySink"/>. The one way workers record history.
/// </summary>
public sealed class HistoryRecorder(IHistorySink sink, TimeProvider timeProvider, string process)
{
    private long _nextId;

    /// <summary>The process name stamped on every entry.</summary>
    public string Process { get; } = process;

    /// <summary>Records the invocation of an operation and returns a handle to complete it.</summary>
    public HistoryOperation Invoke(string op, string? key = null, string? value = null, string? expected = null, long? token = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var entry = new HistoryEntry
        {
            Time = timeProvider.GetUtcNow(),
            Process = Process,
            Type = HistoryEntryType.Invoke,
            Op = op,
            Id = id,
            Key = key,
            Value = value,
            Expected = expected,
            Token = token,
        };
        sink.Record(entry);
        return new HistoryOperation(this, entry);
    }

    /// <summary>Records a one-shot event.</summary>
    public void Event(string op, string? key = null, string? value = null, long? token = null, long? revision = null, IReadOnlyDictionary<string, string>? details = null, string? error = null) =>
        sink.Record(new HistoryEntry
        {
            Time = timeProvider.GetUtcNow(),
            Process = Process,
            Type = HistoryEntryType.Event,
            Op = op,
            Key = key,
            Value = value,
            Token = token,
            Revision = revision,
            Details = details,
            Error = error,
        });

    internal void Complete(HistoryEntry invoke, HistoryEntryType type, string? value, long? token, long? revision, string? error, string? expected) =>
        sink.Record(invoke with
        {
            Time = timeProvider.GetUtcNow(),
            Type = type,
            Value = value ?? invoke.Value,
            Token = token ?? invoke.Token,
            Revision = revision,
            Error = error,
            Expected = expected ?? invoke.Expected,
        });
}
