namespace ResilienceLab.Coordination;

/// <summary>Base of every error a store raises.</summary>
public class StoreException : Exception
{
    public StoreException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The request certainly did not take effect: the store could not be reached, refused it, or the
/// deadline passed before it was sent. Safe to retry; a history records it as <c>fail</c>.
/// </summary>
public class StoreUnavailableException : StoreException
{
    public StoreUnavailableException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// A mutating request was sent but its reply was lost (timeout, connection reset, leader change):
/// it may or may not have committed. Never retried blindly; a history records it as <c>info</c>.
/// </summary>
public sealed class IndeterminateOutcomeException : StoreException
{
    public IndeterminateOutcomeException(string operation, string key, Exception? inner = null)
        : base($"Outcome of {operation} on '{key}' is unknown: the request was sent but no reply came back.", inner)
    {
        Operation = operation;
        Key = key;
    }

    /// <summary>The operation whose outcome is unknown (put, delete, txn).</summary>
    public string Operation { get; }

    /// <summary>The (first) key it touched.</summary>
    public string Key { get; }
}

/// <summary>The lease does not exist (expired or revoked).</summary>
public sealed class LeaseNotFoundException : StoreException
{
    public LeaseNotFoundException(long leaseId, Exception? inner = null)
        : base($"Lease {leaseId:x} not found: it expired or was revoked.", inner) => LeaseId = leaseId;

    public long LeaseId { get; }
}

/// <summary>A watch asked for a revision that has been compacted away.</summary>
public sealed class RevisionCompactedException : StoreException
{
    public RevisionCompactedException(long requested, long compacted, Exception? inner = null)
        : base($"Revision {requested} has been compacted (compact revision {compacted}).", inner)
    {
        Requested = requested;
        CompactRevision = compacted;
    }

    public long Requested { get; }

    public long CompactRevision { get; }
}

/// <summary>
/// The store refused this client: wrong credentials, or no permission on the key. Nothing was applied, and
/// retrying will not help until the configuration or the store's roles change.
/// </summary>
public class StoreAccessDeniedException : StoreException
{
    public StoreAccessDeniedException(string message, Exception? inner = null) : base(message, inner) { }
}
