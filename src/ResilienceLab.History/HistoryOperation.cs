namespace ResilienceLab.History;

/// <summary>An invoked operation awaiting its completion. Complete it exactly once.</summary>
public sealed class HistoryOperation
{
    private readonly HistoryRecorder _recorder;
    private readonly HistoryEntry _invoke;
    private int _completed;

    internal HistoryOperation(HistoryRecorder recorder, HistoryEntry invoke)
    {
        _recorder = recorder;
        _invoke = invoke;
    }

    /// <summary>The operation id.</summary>
    public long Id => _invoke.Id;

    /// <summary>It took effect.</summary>
    public void Ok(string? value = null, long? token = null, long? revision = null, string? expected = null) =>
        Complete(HistoryEntryType.Ok, value, token, revision, null, expected);

    /// <summary>It certainly did not take effect.</summary>
    public void Fail(string error, string? value = null, long? token = null, long? revision = null) =>
        Complete(HistoryEntryType.Fail, value, token, revision, error, null);

    /// <summary>Unknown whether it took effect.</summary>
    public void Info(string error, string? value = null, long? token = null) =>
        Complete(HistoryEntryType.Info, value, token, null, error, null);

    private void Complete(HistoryEntryType type, string? value, long? token, long? revision, string? error, string? expected)
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            throw new InvalidOperationException($"Operation {_invoke.Op} #{_invoke.Id} of {_invoke.Process} was already completed.");
        }

        _recorder.Complete(_invoke, type, value, token, revision, error, expected);
    }
}
