using ResilienceLab.Coordination;

namespace ResilienceLab.Workers;

/// <summary>A replica found in a role, with the evidence: the key, its token / term and the store revision read at.</summary>
public sealed record RoleHolder(string Replica, string Key, long Token, long Revision);

/// <summary>Reads from the store who holds a role right now: the holder of a task's lock, or the leader.</summary>
public static class ReplicaRoles
{
    /// <summary>The replica holding task <paramref name="taskId"/>'s lock (lowest create revision under its prefix), or null.</summary>
    public static async Task<RoleHolder?> LockHolderAsync(IKeyValueStore store, int taskId, CancellationToken cancellationToken = default)
    {
        var queue = await store.GetAsync($"{WorkerConstants.TaskLocksPrefix}{taskId}/", prefix: true, cancellationToken);
        var head = queue.Kvs.MinBy(kv => kv.CreateRevision);
        return head is null ? null : new RoleHolder(head.Value, head.Key, head.CreateRevision, queue.Revision);
    }

    /// <summary>Every task's lock holder (task id → holder).</summary>
    public static async Task<IReadOnlyDictionary<int, RoleHolder>> LockHoldersAsync(IKeyValueStore store, CancellationToken cancellationToken = default)
    {
        var all = await store.GetAsync(WorkerConstants.TaskLocksPrefix, prefix: true, cancellationToken);
        var result = new SortedDictionary<int, RoleHolder>();
        foreach (var group in all.Kvs.GroupBy(kv => kv.Key[WorkerConstants.TaskLocksPrefix.Length..].Split('/')[0]))
        {
            if (int.TryParse(group.Key, out var id))
            {
                var head = group.MinBy(kv => kv.CreateRevision)!;
                result[id] = new RoleHolder(head.Value, head.Key, head.CreateRevision, all.Revision);
            }
        }

        return result;
    }

    /// <summary>The leader of the replicas' election, or null.</summary>
    public static async Task<RoleHolder?> LeaderAsync(IKeyValueStore store, CancellationToken cancellationToken = default)
    {
        var queue = await store.GetAsync(WorkerConstants.ElectionName + "/", prefix: true, cancellationToken);
        var head = queue.Kvs.MinBy(kv => kv.CreateRevision);
        return head is null ? null : new RoleHolder(head.Value, head.Key, head.CreateRevision, queue.Revision);
    }

    /// <summary>Tasks' checkpoints (task id → committed steps).</summary>
    public static async Task<IReadOnlyDictionary<int, int>> ProgressAsync(IKeyValueStore store, CancellationToken cancellationToken = default)
    {
        var all = await store.GetAsync(WorkerConstants.TasksPrefix, prefix: true, cancellationToken);
        var result = new SortedDictionary<int, int>();
        foreach (var kv in all.Kvs)
        {
            if (int.TryParse(kv.Key[WorkerConstants.TasksPrefix.Length..], out var id) && int.TryParse(kv.Value, out var step))
            {
                result[id] = step;
            }
        }

        return result;
    }
}
