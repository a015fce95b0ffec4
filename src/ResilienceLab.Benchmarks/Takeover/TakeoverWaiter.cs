namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>Who waits for the lock in a take-over trial.</summary>
internal enum TakeoverWaiter
{
    /// <summary>Our <see cref="Coordination.DistributedLock"/>.</summary>
    Ours,

    /// <summary>etcd's server-side lock (v3lock Lock through dotnet-etcd), the peer.</summary>
    ServerSide,
}
