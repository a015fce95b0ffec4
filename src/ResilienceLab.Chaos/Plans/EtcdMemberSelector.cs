namespace ResilienceLab.Chaos.Plans;

/// <summary>The <c>member</c> of an etcd member action: <c>leader</c>, <c>follower</c> or a member name (etcd-0 …).</summary>
/// <param name="Role">Leader, follower or named.</param>
/// <param name="Name">The member name when <paramref name="Role"/> is <see cref="EtcdMemberRole.Named"/>.</param>
public sealed record EtcdMemberSelector(EtcdMemberRole Role, string? Name = null);
