namespace ResilienceLab.History;

/// <summary>The operation names a history may contain. Checkers match on these; workers record them.</summary>
public static class HistoryOps
{
    /// <summary>Acquire a lock. key = lock prefix; ok: token = fencing token (holder key's create revision), value = holder key.</summary>
    public const string LockAcquire = "lock.acquire";

    /// <summary>Release a lock. key = lock prefix, token = the token released.</summary>
    public const string LockRelease = "lock.release";

    /// <summary>Event: the holder learnt it lost the lock (lease expired, key deleted). key = lock prefix, token.</summary>
    public const string LockLost = "lock.lost";

    /// <summary>A write fenced by a held lock (compare-and-swap of another key). key = key written, value = value, expected = expected revision, token = fencing token.</summary>
    public const string LockWrite = "lock.write";

    /// <summary>Commit a task checkpoint with a fenced CAS. key = task key, value = step committed, token = fencing token, expected = previous step.</summary>
    public const string TaskCommit = "task.commit";

    /// <summary>Event: a task's last step is committed. key = task key, value = steps.</summary>
    public const string TaskComplete = "task.complete";

    /// <summary>Campaign for leadership. key = election prefix; ok: token = term, value = proclamation.</summary>
    public const string LeaderCampaign = "leader.campaign";

    /// <summary>Resign leadership. key = election prefix, token = term.</summary>
    public const string LeaderResign = "leader.resign";

    /// <summary>A leader-only write fenced by the term. key = heartbeat key, token = term, value = written value.</summary>
    public const string LeaderHeartbeat = "leader.heartbeat";

    /// <summary>A leader-only write fenced by the term (what the primitives record). key = key written, token = term, value = written value.</summary>
    public const string LeaderWrite = "leader.write";

    /// <summary>Event: leadership lost (session expired, key deleted). key = election prefix, token = term.</summary>
    public const string LeaderLost = "leader.lost";

    /// <summary>Event: a process observed who leads. key = election prefix, value = leader, token = term.</summary>
    public const string LeaderObserved = "leader.observed";

    /// <summary>Read a register. ok: value = value read (absent when the key is missing).</summary>
    public const string RegisterRead = "register.read";

    /// <summary>Write a register. value = value written.</summary>
    public const string RegisterWrite = "register.write";

    /// <summary>Compare-and-swap a register: expected → value. ok = swapped, fail = the compare did not hold.</summary>
    public const string RegisterCas = "register.cas";

    /// <summary>Increment a counter by one. ok: value = the counter's value after this increment as the worker believes it.</summary>
    public const string CounterIncrement = "counter.increment";

    /// <summary>Read a counter (the final read of a run). ok: value = value read.</summary>
    public const string CounterRead = "counter.read";

    /// <summary>
    /// Event: the observer's read of a key after the run (the store's record, against which the history's writes are judged).
    /// key = the key, value = its value (absent: the key is missing), revision = its mod revision.
    /// </summary>
    public const string StoreFinal = "store.final";

    /// <summary>Event: a process started. details may hold pid, config.</summary>
    public const string ProcessStart = "process.start";

    /// <summary>Event: a process loaded its startup state and became ready.</summary>
    public const string ProcessReady = "process.ready";

    /// <summary>Event: a process stopped gracefully.</summary>
    public const string ProcessStop = "process.stop";

    /// <summary>
    /// The error of a revision-compared swap that found the key moved. It says nothing about the value (it may have come back),
    /// so value-based models do not use it.
    /// </summary>
    public const string CompareFailedError = "revision moved since it was read (compare failed)";

    /// <summary>Prefix of chaos events ("chaos.kill", "chaos.pause", ...). key = target; details: action arguments, role, verified.</summary>
    public const string ChaosPrefix = "chaos.";
}
