namespace ResilienceLab.Coordination;

/// <summary>The lock is no longer held: its key was deleted, its lease expired, or a fenced write found another holder.</summary>
public sealed class LockLostException(string lockName, long token, string reason)
    : Exception($"Lock '{lockName}' (fencing token {token}) is lost: {reason}.")
{
    public string LockName { get; } = lockName;

    public long Token { get; } = token;
}

/// <summary>The caller is not (or no longer) the leader of the election.</summary>
public sealed class NotLeaderException(string election, long term, string reason)
    : Exception($"Not leader of '{election}' (term {term}): {reason}.")
{
    public string Election { get; } = election;

    public long Term { get; } = term;
}

/// <summary>The session's lease expired or could not be kept alive past its TTL.</summary>
public sealed class SessionExpiredException(long leaseId, string reason)
    : Exception($"Session lease {leaseId:x} is gone: {reason}.")
{
    public long LeaseId { get; } = leaseId;
}
