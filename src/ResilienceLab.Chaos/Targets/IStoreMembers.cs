using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// A target that runs the store's members itself: the <c>kill-etcd-member</c>, <c>restart-etcd-member</c> and
/// <c>kill-etcd-quorum</c> actions.
/// </summary>
public interface IStoreMembers
{
    /// <summary>Kills a store member; returns its name.</summary>
    Task<string> KillStoreMemberAsync(EtcdMemberSelector member, CancellationToken cancellationToken);

    /// <summary>Restarts a killed store member.</summary>
    Task RestartStoreMemberAsync(string member, CancellationToken cancellationToken);

    /// <summary>Names of the store members that are down.</summary>
    IReadOnlyList<string> DownStoreMembers();
}
