using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;

namespace ResilienceLab.Chaos.Actions.EtcdMember;

/// <summary>Restarts a killed etcd member (by name), or every member that is down.</summary>
public sealed class RestartEtcdMemberAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.RestartEtcdMember;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var members = context.Target.Require<IStoreMembers>(ChaosActionKind.RestartEtcdMember);
        var down = members.DownStoreMembers();
        var restart = step.ArgumentsAs<EtcdMemberArguments>().Member is { Role: EtcdMemberRole.Named, Name: { } name } ? [name] : down;
        if (restart.Count == 0)
        {
            throw new SelectionException("no etcd member is down");
        }

        foreach (var member in restart)
        {
            await members.RestartStoreMemberAsync(member, cancellationToken);
        }

        return new ActionEffect(string.Join(",", restart));
    }
}
