using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.EtcdMember;

/// <summary>Kills an etcd member (the leader, a follower, or one by name), restarting it after the step's duration when one is given.</summary>
public sealed class KillEtcdMemberAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.KillEtcdMember;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var members = context.Target.Require<IStoreMembers>(ChaosActionKind.KillEtcdMember);
        var member = await members.KillStoreMemberAsync(step.ArgumentsAs<EtcdMemberArguments>().Member ?? new EtcdMemberSelector(EtcdMemberRole.Leader), cancellationToken);
        return step.Arguments.Duration is null
            ? new ActionEffect(member)
            : new ActionEffect(member, ct => members.RestartStoreMemberAsync(member, ct), "restart-etcd-member");
    }
}
