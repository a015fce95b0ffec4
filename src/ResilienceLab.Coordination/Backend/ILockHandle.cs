namespace ResilienceLab.Coordination;

/// <summary>
/// A held lock: its fencing token, a signal that fires when it is lost, and the fenced write — a compare-and-swap of
/// another key that commits only while this holder still holds the lock (as far as the backend can guarantee it; see
/// docs/etcd-vs-nats.md).
/// </summary>
public interface ILockHandle : IAsyncDisposable
{
    /// <summary>The lock's name.</summary>
    string Name { get; }

    /// <summary>The holder's identity in the store (etcd: the holder key <c>&lt;name&gt;/&lt;lease id hex&gt;</c>).</summary>
    string Key { get; }

    /// <summary>The fencing token: grows from holder to holder of the lock.</summary>
    long Token { get; }

    /// <summary>Fires when the lock is lost (expired, deleted, or a fenced write found another holder).</summary>
    CancellationToken Lost { get; }

    /// <summary>Why <see cref="Lost"/> fired, or null.</summary>
    string? LostReason { get; }

    /// <summary>
    /// Writes <paramref name="value"/> at <paramref name="key"/> if the key is still at <paramref name="expectedRevision"/>
    /// (0: still missing) and this holder still holds the lock. Returns the revision committed at, or null when only the
    /// compare on <paramref name="key"/> failed; throws <see cref="LockLostException"/> when the fence rejected the write.
    /// </summary>
    Task<long?> FencedCompareAndSwapAsync(string key, string value, long expectedRevision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Commits step <paramref name="step"/> of <paramref name="steps"/> of a resumable work item at <paramref name="key"/>: a fenced
    /// compare-and-swap of the checkpoint (the step as decimal text) that commits only while this holder holds the lock and the
    /// checkpoint is still at <paramref name="expectedRevision"/>. Returns the revision, or null when the checkpoint moved; throws
    /// <see cref="LockLostException"/> when the fence rejected it. With a history sink registered it is recorded as
    /// <c>task.commit</c> (and <c>task.complete</c> for the last step), which the task-resumption check judges.
    /// </summary>
    Task<long?> CommitCheckpointAsync(string key, int step, int steps, long expectedRevision, CancellationToken cancellationToken = default) =>
        FencedCompareAndSwapAsync(key, step.ToString(System.Globalization.CultureInfo.InvariantCulture), expectedRevision, cancellationToken);

    /// <summary>Releases the lock (never a successor's).</summary>
    Task ReleaseAsync(CancellationToken cancellationToken = default);
}
