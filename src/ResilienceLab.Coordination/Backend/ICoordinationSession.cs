namespace ResilienceLab.Coordination;

/// <summary>
/// What a replica's locks and candidacies live and die with. On etcd it is a lease kept alive in the background
/// (<see cref="Session"/>): when it goes, every key bound to it goes. On NATS there are no leases: each lock or
/// candidacy entry is kept alive on its own, and the session is the connection plus the replica's identity.
/// </summary>
public interface ICoordinationSession : IAsyncDisposable
{
    /// <summary>The session's identity in the store (etcd: the lease id in hex, as holder keys end).</summary>
    string Id { get; }

    /// <summary>How long after its holder stops renewing a lock or a candidacy is freed.</summary>
    TimeSpan Ttl { get; }

    /// <summary>Fires once the session is (or may be) gone; every lock and candidacy of the session is lost with it.</summary>
    CancellationToken Lost { get; }

    /// <summary>Why <see cref="Lost"/> fired, or null.</summary>
    string? LostReason { get; }

    /// <summary>A lock named <paramref name="name"/> held through this session; <paramref name="owner"/> names the holder for observers.</summary>
    IDistributedLock CreateLock(string name, string owner = "");

    /// <summary>A candidacy in the election named <paramref name="name"/>.</summary>
    ILeaderElection CreateElection(string name);

    /// <summary>Stops renewing without releasing anything: locks and candidacies expire after the TTL (a crashed or wedged holder).</summary>
    Task AbandonAsync();

    /// <summary>Stops renewing and releases everything the session holds, so peers take over at once.</summary>
    Task CloseAsync(CancellationToken cancellationToken = default);
}
