using ResilienceLab.Chaos.Targets;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Selection;
using ResilienceLab.Coordination;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Actions.RevokeLease;

/// <summary>
/// Revokes the lease of the selected replica's session as an operator would: every lock and leadership it holds
/// vanishes at once while the replica keeps running — it must notice (LockLost) and its fenced writes must fail.
/// </summary>
public sealed class RevokeLeaseAction : IChaosAction
{
    public ChaosActionKind Kind => ChaosActionKind.RevokeLease;

    /// <summary>The fields its steps take.</summary>
    internal static ActionArgumentsShape Arguments { get; } = CommonArguments.ReplicasOnly;

    public async Task<ActionEffect> ApplyAsync(ActionContext context, ChaosStep step, SelectedReplica? replica, CancellationToken cancellationToken)
    {
        var name = replica!.Name;
        var store = context.Target.Require<IStoreObserver>(ChaosActionKind.RevokeLease).Observer;
        var keys = await store.GetAsync(WorkerConstants.TaskLocksPrefix, prefix: true, cancellationToken);
        var election = await store.GetAsync(WorkerConstants.ElectionName + "/", prefix: true, cancellationToken);
        var lease = keys.Kvs.Concat(election.Kvs).FirstOrDefault(kv => kv.Value == name && kv.Lease != 0)?.Lease
            ?? throw new SelectionException($"replica {name} holds no lease-bound key (no lock queued, not campaigning)");
        try
        {
            await store.RevokeLeaseAsync(lease, cancellationToken);
        }
        catch (LeaseNotFoundException)
        {
            throw new SelectionException($"replica {name}'s lease {lease:x} expired before it could be revoked");
        }

        return new ActionEffect($"{name} (lease {lease:x})");
    }
}
