namespace ResilienceLab.Coordination.Etcd;

/// <summary>A member of an etcd cluster, as MemberList reports it.</summary>
/// <param name="Id">Raft member id (the id <see cref="EtcdEndpointStatus.LeaderId"/> refers to).</param>
/// <param name="Name">The member's <c>--name</c>.</param>
/// <param name="PeerUrls">Its peer URLs.</param>
/// <param name="ClientUrls">Its client URLs (empty until it has started once).</param>
/// <param name="IsLearner">Whether it is a non-voting learner.</param>
public sealed record EtcdMember(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner);
