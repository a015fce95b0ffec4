using ResilienceLab.History;

namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>An operation of the merged history: its invocation and its completion (null: it never completed — the process died).</summary>
internal sealed record OperationPair(HistoryEntry Invoke, HistoryEntry? Completion)
{
    public bool IsOk => Completion?.Type == HistoryEntryType.Ok;

    public bool IsFail => Completion?.Type == HistoryEntryType.Fail;

    public string Process => Invoke.Process;

    public long? Token => Completion?.Token ?? Invoke.Token;

    /// <summary>When it took effect as far as the history can tell: its completion, else its invocation.</summary>
    public DateTimeOffset End => Completion?.Time ?? Invoke.Time;
}
