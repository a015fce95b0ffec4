using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Selection;

/// <summary>
/// Resolves a step's selector at the moment it fires. Roles come from the store (the lock holder of a task, the
/// leader); then the mode picks among the candidates like Chaos Mesh does: one, all, fixed N, fixed-percent,
/// random-max-percent (at least one). A selector that matches nothing throws <see cref="SelectionException"/>.
/// </summary>
public static class ReplicaSelection
{
    public static async Task<IReadOnlyList<SelectedReplica>> ResolveAsync(ReplicaSelector selector, IChaosTarget target, DeterministicRandom random, CancellationToken cancellationToken)
    {
        var live = target.Replicas();
        var candidates = await CandidatesAsync(selector, target, live, cancellationToken);
        if (candidates.Count == 0)
        {
            throw new SelectionException(selector.Role switch
            {
                ReplicaRole.LockHolder => $"selector matched nothing: no live replica holds {(LockName(selector).EndsWith('/') ? "a lock under " : string.Empty)}{LockName(selector)}",
                ReplicaRole.Leader => $"selector matched nothing: no live replica leads {ElectionName(selector)}",
                ReplicaRole.Follower => "selector matched nothing: no live follower",
                _ => "selector matched nothing: no live replica",
            });
        }

        var count = selector.Mode switch
        {
            SelectorMode.One => 1,
            SelectorMode.All => candidates.Count,
            SelectorMode.Fixed => selector.Value ?? 1,
            SelectorMode.FixedPercent => Math.Max(1, candidates.Count * (selector.Value ?? 100) / 100),
            SelectorMode.RandomMaxPercent => 1 + random.Next(Math.Max(1, candidates.Count * (selector.Value ?? 100) / 100)),
            _ => throw new ArgumentOutOfRangeException(nameof(selector), selector.Mode, "unknown selector mode"),
        };
        if (count > candidates.Count)
        {
            throw new SelectionException($"selector asks for {count} replica(s) with role {selector.Role} but only {candidates.Count} match");
        }

        var shuffled = candidates.ToList();
        random.Shuffle(shuffled);
        return [.. shuffled.Take(count).OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    /// <summary>Re-reads the store: does <paramref name="replica"/> still hold the role it was selected for?</summary>
    public static async Task<(bool Held, string Evidence)> VerifyAsync(SelectedReplica replica, ReplicaSelector selector, ICoordinationBackend store, CancellationToken cancellationToken)
    {
        switch (selector.Role)
        {
            case ReplicaRole.LockHolder:
                var name = replica.Lock ?? LockName(selector);
                var holder = await store.HolderAsync(name, cancellationToken);
                return (holder?.Owner == replica.Name, holder is null ? $"nobody holds {name}" : Evidence(holder));
            case ReplicaRole.Leader:
                var leader = await store.HolderAsync(ElectionName(selector), cancellationToken);
                return (leader?.Owner == replica.Name, leader is null ? $"no leader of {ElectionName(selector)}" : $"leader {leader.Owner} term {leader.Token} @rev {leader.Revision}");
            case ReplicaRole.Follower:
                var current = await store.HolderAsync(ElectionName(selector), cancellationToken);
                return (current?.Owner != replica.Name, current is null ? $"no leader of {ElectionName(selector)}" : $"leader {current.Owner} term {current.Token}");
            default:
                return (true, "any");
        }
    }

    private static async Task<List<SelectedReplica>> CandidatesAsync(ReplicaSelector selector, IChaosTarget target, IReadOnlyList<ReplicaState> live, CancellationToken cancellationToken)
    {
        var alive = live.Where(r => !r.Paused).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        switch (selector.Role)
        {
            case ReplicaRole.LockHolder:
                var holders = await HoldersAsync(target.Coordination, LockName(selector), cancellationToken);

                // A replica holding several of the locks is one candidate (the lowest lock it holds is the evidence).
                return [.. holders.Where(h => alive.Contains(h.Owner)).GroupBy(h => h.Owner, StringComparer.Ordinal).Select(g => g.First())
                    .OrderBy(h => h.Owner, StringComparer.Ordinal)
                    .Select(h => new SelectedReplica(h.Owner, $"lock-holder of {Describe(selector, h.Name)}", Evidence(h), h.Name))];
            case ReplicaRole.Leader:
                var leader = await target.Coordination.HolderAsync(ElectionName(selector), cancellationToken);
                return leader is not null && alive.Contains(leader.Owner)
                    ? [new SelectedReplica(leader.Owner, "leader", $"{leader.Key} term {leader.Token} @rev {leader.Revision}", leader.Name)]
                    : [];
            case ReplicaRole.Follower:
                var current = await target.Coordination.HolderAsync(ElectionName(selector), cancellationToken);
                return [.. alive.Where(n => n != current?.Owner).Order(StringComparer.Ordinal).Select(n => new SelectedReplica(n, "follower", current is null ? "no leader" : $"leader is {current.Owner}"))];
            default:
                return [.. alive.Order(StringComparer.Ordinal).Select(n => new SelectedReplica(n, "any", null))];
        }
    }

    /// <summary>The lock a lock-holder selector names: <c>lock</c> (a name, or a prefix ending in '/'), a reference task's lock, or every reference task lock.</summary>
    private static string LockName(ReplicaSelector selector) =>
        selector.Lock ?? (selector.Task is { } task ? $"{WorkerConstants.TaskLocksPrefix}{task}" : WorkerConstants.TaskLocksPrefix);

    private static string ElectionName(ReplicaSelector selector) => selector.Election ?? WorkerConstants.ElectionName;

    /// <summary>The holder of lock <paramref name="name"/>, or — for a name ending in '/' — the holder of every lock under that prefix.</summary>
    public static async Task<IReadOnlyList<LockHolder>> HoldersAsync(ICoordinationBackend store, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(name);
        if (name.EndsWith('/'))
        {
            return await store.HoldersAsync(name, cancellationToken);
        }

        return await store.HolderAsync(name, cancellationToken) is { } holder ? [holder] : [];
    }

    /// <summary>"task 0" for a reference task's lock, else the lock's name.</summary>
    private static string Describe(ReplicaSelector selector, string lockName) =>
        selector.Lock is null && lockName.StartsWith(WorkerConstants.TaskLocksPrefix, StringComparison.Ordinal)
            ? $"task {lockName[WorkerConstants.TaskLocksPrefix.Length..]}"
            : lockName;

    private static string Evidence(LockHolder holder) => $"{holder.Key} token {holder.Token} @rev {holder.Revision}";
}
