namespace ResilienceLab.Coordination.Etcd;

/// <summary>
/// Faults a chaos experiment injects into one <see cref="EtcdKeyValueStore"/>'s calls (set through
/// <see cref="EtcdStoreOptions.Faults"/>). The client only asks; the implementation (ResilienceLab.Hosting's
/// <c>InjectedStoreFaults</c>, driven by a plan's <c>store-fault</c> step) decides, with a seeded source so a run replays.
/// A service in production leaves it null.
/// </summary>
public interface IEtcdCallFaults
{
    /// <summary>Chance in [0, 1] that a request fails before it is sent (retried like any unavailable call).</summary>
    double RequestFailure { get; }

    /// <summary>The next number in [0, 1) of the seeded source that decides request failures.</summary>
    double NextDouble();

    /// <summary>Whether the reply to the request just carried out is lost (a mutation becomes indeterminate).</summary>
    bool LoseReply();
}
