using ResilienceLab.Chaos.Actions.EtcdMember;
using ResilienceLab.Chaos.Actions.Heal;
using ResilienceLab.Chaos.Actions.Kill;
using ResilienceLab.Chaos.Actions.Latency;
using ResilienceLab.Chaos.Actions.Partition;
using ResilienceLab.Chaos.Actions.Pause;
using ResilienceLab.Chaos.Actions.RevokeLease;
using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Actions.Terminate;
using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Actions;

/// <summary>The registry: one action per <see cref="ChaosActionKind"/>.</summary>
public static class ChaosActions
{
    private static readonly Dictionary<ChaosActionKind, IChaosAction> All = new IChaosAction[]
    {
        new KillAction(),
        new TerminateAction(),
        new PauseAction(),
        new PartitionAction(),
        new LatencyAction(),
        new HealAction(),
        new StoreFaultAction(),
        new RevokeLeaseAction(),
        new KillEtcdMemberAction(),
        new RestartEtcdMemberAction(),
        new KillEtcdQuorumAction(),
    }.ToDictionary(a => a.Kind);

    public static IChaosAction For(ChaosActionKind kind) =>
        All.TryGetValue(kind, out var action) ? action : throw new NotSupportedException($"no implementation for action {kind}");
}
