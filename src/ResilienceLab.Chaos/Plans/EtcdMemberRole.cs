namespace ResilienceLab.Chaos.Plans;

/// <summary>Which etcd member an etcd member action hits.</summary>
public enum EtcdMemberRole
{
    /// <summary>The raft leader at the moment the step fires (found through the maintenance Status API).</summary>
    Leader,

    /// <summary>A random member that is not the leader.</summary>
    Follower,

    /// <summary>The member named by <see cref="EtcdMemberSelector.Name"/>.</summary>
    Named,
}
