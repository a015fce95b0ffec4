namespace ResilienceLab.Coordination;

/// <summary>
/// Deliberate bugs in etcd's recipes, for mutation testing only (eng/mutants.sh, <c>reslab mutants</c>): each is a
/// mistake real coordination code makes, switched on through <see cref="SessionOptions"/> by the reference workers'
/// <c>Replica:SeededBug</c> setting and never on by default. Internal: a service using the packages cannot reach them.
/// </summary>
internal enum RecipeBug
{
    /// <summary>The recipes as etcd writes them.</summary>
    None,

    /// <summary>BUG: the session declares itself lost only when the server says "lease not found", never when no keep-alive succeeded within the TTL.</summary>
    SessionLostOnlyOnLeaseNotFound,

    /// <summary>BUG: the keep-alive interval equals the TTL, so every renewal is late.</summary>
    KeepAliveIntervalEqualsTtl,

    /// <summary>BUG: the keep-alive loop gives up after its first failed renewal (a brief store outage costs the session).</summary>
    KeepAliveStopsAfterError,

    /// <summary>BUG: the session provider keeps handing out a session after it was lost.</summary>
    LostSessionHandedOut,

    /// <summary>BUG: a held lock does not listen to its session's loss (only a rejected write or the key's delete end it).</summary>
    LockIgnoresSessionLoss,

    /// <summary>BUG: leadership does not listen to its session's loss (only a rejected write or the key's delete end it).</summary>
    LeadershipIgnoresSessionLoss,

    /// <summary>BUG: a try-acquire takes the queue's first key by name (etcd's range order) as the holder, not the lowest create revision.</summary>
    LockHeadByKeyOrder,

    /// <summary>BUG: a campaign returns as soon as the candidate's key is queued, without waiting for the candidates before it.</summary>
    CampaignSkipsWait,
}
