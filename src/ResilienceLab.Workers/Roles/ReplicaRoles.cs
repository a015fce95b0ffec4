using ResilienceLab.Coordination;

namespace ResilienceLab.Workers;

/// <summary>A replica found in a role, with the evidence: the key, its token / term and the store revision read at.</summary>
public sealed record RoleHolder(string Replica, string Key, long Token, long Revision);

/// <summary>Reads from the store who holds a role right now: the holder of a task's lock, or the leader.</summary>
public static class ReplicaRoles
{
    /// <summary>The replica holding task <paramref name="taskId"/>'s lock, or null.</summary>
    public static async Task<RoleHolder?> LockHolderAsync(ICoordinationBackend coordination, int taskId, CancellationToken cancellationToken = default) =>
        ToRole(await coordination.HolderAsync($"{WorkerConstants.TaskLocksPrefix}{taskId}", cancellationToken));

    /// <summary>Every task's lock holder (task id → holder).</summary>
    public static async Task<IReadOnlyDictionary<int, RoleHolder>> LockHoldersAsync(ICoordinationBackend coordination, CancellationToken cancellationToken = default)
    {
        var result = new SortedDictionary<int, RoleHolder>();
        foreach (var holder in await coordination.HoldersAsync(WorkerConstants.TaskLocksPrefix, cancellationToken))
        {
            if (int.TryParse(holder.Name[WorkerConstants.TaskLocksPrefix.Length..], out var id))
            {
                result[id] = ToRole(holder)!;
            }
        }

        return result;
    }

    /// <summary>The leader of the replicas' election, or null.</summary>
    public static async Task<RoleHolder?> LeaderAsync(ICoordinationBackend coordination, CancellationToken cancellationToken = default) =>
        ToRole(await coordination.HolderAsync(WorkerConstants.ElectionName, cancellationToken));

    /// <summary>Tasks' checkpoints (task id → committed steps).</summary>
    public static async Task<IReadOnlyDictionary<int, int>> ProgressAsync(ICoordinationBackend coordination, CancellationToken cancellationToken = default)
    {
        var all = await coordination.ReadPrefixAsync(WorkerConstants.TasksPrefix, cancellationToken);
        var result = new SortedDictionary<int, int>();
        foreach (var entry in all.Entries)
        {
            if (int.TryParse(entry.Key[WorkerConstants.TasksPrefix.Length..], out var id) && int.TryParse(entry.Value, out var step))
            {
                result[id] = step;
            }
        }

        return result;
    }

    private static RoleHolder? ToRole(LockHolder? holder) =>
        holder is null ? null : new RoleHolder(holder.Owner, holder.Key, holder.Token, holder.Revision);
}
