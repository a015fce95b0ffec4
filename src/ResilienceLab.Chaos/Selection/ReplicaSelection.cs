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
                ReplicaRole.LockHolder => $"selector matched nothing: no live replica holds the lock of task {selector.Task}",
                ReplicaRole.Leader => "selector matched nothing: no live replica is leader",
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
                var holder = await ReplicaRoles.LockHolderAsync(store, selector.Task ?? 0, cancellationToken);
                return (holder?.Replica == replica.Name, holder is null ? $"nobody holds task {selector.Task}'s lock" : $"holder {holder.Replica} token {holder.Token} @rev {holder.Revision}");
            case ReplicaRole.Leader:
                var leader = await ReplicaRoles.LeaderAsync(store, cancellationToken);
                return (leader?.Replica == replica.Name, leader is null ? "no leader" : $"leader {leader.Replica} term {leader.Token} @rev {leader.Revision}");
            case ReplicaRole.Follower:
                var current = await ReplicaRoles.LeaderAsync(store, cancellationToken);
                return (current?.Replica != replica.Name, current is null ? "no leader" : $"leader {current.Replica} term {current.Token}");
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
                var holder = await ReplicaRoles.LockHolderAsync(target.Coordination, selector.Task ?? 0, cancellationToken);
                return holder is not null && alive.Contains(holder.Replica)
                    ? [new SelectedReplica(holder.Replica, $"lock-holder of task {selector.Task}", $"{holder.Key} token {holder.Token} @rev {holder.Revision}")]
                    : [];
            case ReplicaRole.Leader:
                var leader = await ReplicaRoles.LeaderAsync(target.Coordination, cancellationToken);
                return leader is not null && alive.Contains(leader.Replica)
                    ? [new SelectedReplica(leader.Replica, "leader", $"{leader.Key} term {leader.Token} @rev {leader.Revision}")]
                    : [];
            case ReplicaRole.Follower:
                var current = await ReplicaRoles.LeaderAsync(target.Coordination, cancellationToken);
                return [.. alive.Where(n => n != current?.Replica).Order(StringComparer.Ordinal).Select(n => new SelectedReplica(n, "follower", current is null ? "no leader" : $"leader is {current.Replica}"))];
            default:
                return [.. alive.Order(StringComparer.Ordinal).Select(n => new SelectedReplica(n, "any", null))];
        }
    }
}
