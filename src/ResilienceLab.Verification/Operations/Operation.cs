using ResilienceLab.History;

namespace ResilienceLab.Verification.Operations;

/// <summary>
/// An invoke paired with its completion. An invoke with no completion is <see cref="OperationOutcome.Info"/>
/// and open-ended (<see cref="CompleteTime"/> is null): it may take effect at any time after its invoke.
/// </summary>
public sealed record Operation
{
    /// <summary>The invoke entry.</summary>
    public required HistoryEntry Invoke { get; init; }

    /// <summary>The completion entry, or null when none was recorded.</summary>
    public HistoryEntry? Completion { get; init; }

    /// <summary>Position of the invoke in the merged history.</summary>
    public required int InvokeIndex { get; init; }

    /// <summary>Position of the completion in the merged history, or -1.</summary>
    public int CompletionIndex { get; init; } = -1;

    /// <summary>The recording process.</summary>
    public string Process => Invoke.Process;

    /// <summary>The op name (see <see cref="HistoryOps"/>).</summary>
    public string Op => Invoke.Op;

    /// <summary>The key.</summary>
    public string? Key => Invoke.Key;

    /// <summary>The per-process operation id.</summary>
    public long Id => Invoke.Id;

    /// <summary>Ok, fail or info (info also when there is no completion).</summary>
    public OperationOutcome Outcome => Completion?.Type switch
    {
        HistoryEntryType.Ok => OperationOutcome.Ok,
        HistoryEntryType.Fail => OperationOutcome.Fail,
        _ => OperationOutcome.Info,
    };

    /// <summary>True when no completion was recorded.</summary>
    public bool IsOpen => Completion is null;

    /// <summary>True for an ok completion.</summary>
    public bool IsOk => Outcome == OperationOutcome.Ok;

    /// <summary>When it was invoked.</summary>
    public DateTimeOffset InvokeTime => Invoke.Time;

    /// <summary>When it completed, or null when open-ended.</summary>
    public DateTimeOffset? CompleteTime => Completion?.Time;

    /// <summary>The value: the completion's if recorded, else the invoke's.</summary>
    public string? Value => Completion is { } c ? c.Value : Invoke.Value;

    /// <summary>The expected value (CAS) or previous step (task.commit).</summary>
    public string? Expected => Completion?.Expected ?? Invoke.Expected;

    /// <summary>The fencing token or term.</summary>
    public long? Token => Completion?.Token ?? Invoke.Token;

    /// <summary>The store revision of the completion, when recorded.</summary>
    public long? Revision => Completion?.Revision;

    /// <summary>The error of a fail or info completion.</summary>
    public string? Error => Completion?.Error;

    internal long InvokeTicks => Invoke.Time.UtcTicks;

    internal long CompleteTicks => Completion?.Time.UtcTicks ?? long.MaxValue;
}
