namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// etcd refused a watch create on a stream for its auth: the stream's token was revoked ("invalid auth token", or in
/// etcd 3.4 also "permission denied") or the user's roles do not cover the key ("permission denied"). The store tells the two apart by retrying once on a new stream with a fresh token.
/// </summary>
internal sealed class WatchCreateDeniedException(string endpoint, string reason)
    : Exception($"etcd at {endpoint} refused a watch: {reason}")
{
    public string Endpoint { get; } = endpoint;

    /// <summary>etcd's cancel reason.</summary>
    public string Reason { get; } = reason;

    /// <summary>True when etcd named the user's roles ("permission denied"), false when it named the token.</summary>
    public bool IsPermission => Reason.Contains("permission denied", StringComparison.Ordinal);
}
