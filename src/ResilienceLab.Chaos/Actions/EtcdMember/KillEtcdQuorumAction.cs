using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.EtcdMember;

/// <summary>Kills a majority of the etcd members (2 of 3) for the step's duration, then restarts them: the store stops accepting writes.</summary>
public sealed class KillEtcdQuorumAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.KillEtcdQuorum;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = new([new(CommonArguments.Duration, Required: true)]);

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var members = context.Target.Require<IStoreMembers>(ChaosActionKind.KillEtcdQuorum);
        var killed = new List<string>
        {
            await members.KillStoreMemberAsync(new EtcdMemberSelector(EtcdMemberRole.Follower), cancellationToken),
            await members.KillStoreMemberAsync(new EtcdMemberSelector(EtcdMemberRole.Leader), cancellationToken),
        };
        return new ActionEffect(string.Join(",", killed), async ct =>
        {
            foreach (var member in killed)
            {
                await members.RestartStoreMemberAsync(member, ct);
            }
        }, "restart-etcd-member");
    }
}
