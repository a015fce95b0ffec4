namespace ResilienceLab.Workers;

/// <summary>
/// Deliberate bugs for mutation testing (<c>reslab mutants</c>, eng/mutants.sh): each is a mistake real coordination code
/// makes, in the recipes or in the workers, switched on by <c>Replica:SeededBug</c> (environment
/// <c>Replica__SeededBug</c>) and never on by default. Like the negative controls' <see cref="FencingMode.Unfenced"/> and
/// <see cref="TaskWorkerOptions.IgnoreLockLost"/>, a worker-level bug that writes as buggy team code would records its
/// writes itself (the primitives would not).
/// </summary>
public enum SeededBug
{
    /// <summary>The code as it should be.</summary>
    None,

    /// <summary>The checkpoint commit compares only the checkpoint's revision, not the lock (a CAS without fencing).</summary>
    CheckpointCasWithoutFence,

    /// <summary>The session declares itself lost only when the server says "lease not found", never when no keep-alive succeeded within the TTL.</summary>
    SessionLostOnlyOnLeaseNotFound,

    /// <summary>The keep-alive interval equals the TTL: every renewal is late.</summary>
    KeepAliveIntervalEqualsTtl,

    /// <summary>The replica keeps handing out its session after it was lost, so it stops taking locks and campaigning.</summary>
    LostSessionHandedOut,

    /// <summary>The leader writes its heartbeat with a plain put instead of the term-fenced put.</summary>
    LeaderHeartbeatPlainPut,

    /// <summary>The keep-alive loop gives up after its first failed renewal.</summary>
    KeepAliveStopsAfterError,

    /// <summary>A held lock does not listen to its session's loss.</summary>
    LockIgnoresSessionLoss,

    /// <summary>Leadership does not listen to its session's loss.</summary>
    LeadershipIgnoresSessionLoss,

    /// <summary>A try-acquire takes the queue's first key by name for the holder instead of the lowest create revision.</summary>
    LockHeadByKeyOrder,

    /// <summary>A campaign returns as soon as the candidate is queued, without waiting for the candidates before it.</summary>
    CampaignSkipsWait,

    /// <summary>A replica that takes over a task starts it from step 0 instead of the committed checkpoint.</summary>
    ResumeIgnoresCheckpoint,
}
