using ResilienceLab.History;

namespace ResilienceLab.Verification.Checkers.FinalState;

/// <summary>Name and violation kinds of the final-state check.</summary>
public static class FinalStateConstants
{
    /// <summary>The check's name.</summary>
    public const string Name = "final-state";

    /// <summary>A write the history says committed is not in the store: the key's last change is older, or the key is missing.</summary>
    public const string CommittedWriteMissing = "committed-write-missing";

    /// <summary>The store holds another value at the revision a write says it committed at.</summary>
    public const string ValueMismatch = "value-mismatch";

    /// <summary>The store's last write of the key is no write the history says committed or may have committed.</summary>
    public const string UnrecordedWrite = "unrecorded-write";

    /// <summary>The writes judged: every recorded write of a key with a revision when ok.</summary>
    public static readonly IReadOnlySet<string> Writes = new HashSet<string>(StringComparer.Ordinal)
    {
        HistoryOps.TaskCommit, HistoryOps.LockWrite, HistoryOps.LeaderWrite, HistoryOps.LeaderHeartbeat, HistoryOps.RegisterWrite, HistoryOps.RegisterCas,
    };
}
