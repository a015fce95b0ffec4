using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Controller;

public sealed partial class ChaosController
{
    /// <summary>Reports a <see cref="RunSnapshot"/> every <see cref="ChaosRunOptions.SnapshotInterval"/> until the run ends.</summary>
    private async Task SnapshotLoopAsync(Action<RunSnapshot> onSnapshot, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                onSnapshot(await SnapshotAsync(cancellationToken));
                await Task.Delay(options.SnapshotInterval, Time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>What the target says of its replicas, what the store says of their roles, and the faults in force.</summary>
    internal async Task<RunSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var replicas = target.Replicas();
        IReadOnlyDictionary<int, RoleHolder> holders = new Dictionary<int, RoleHolder>();
        IReadOnlyDictionary<int, int> progress = new Dictionary<int, int>();
        RoleHolder? leader = null;
        var named = new List<(string Replica, string Role)>();
        string? rolesError = null;
        try
        {
            if (plan.Workload.Service == Plans.WorkloadService.Reference)
            {
                holders = await ReplicaRoles.LockHoldersAsync(target.Coordination, cancellationToken);
                leader = await ReplicaRoles.LeaderAsync(target.Coordination, cancellationToken);
                progress = await ReplicaRoles.ProgressAsync(target.Coordination, cancellationToken);
            }

            named = await NamedRolesAsync(cancellationToken);
        }
        catch (StoreException e)
        {
            rolesError = e.Message;
        }

        Dictionary<string, List<string>> faults;
        lock (_undo)
        {
            faults = _undo.GroupBy(u => u.Target, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(u => u.Step).Distinct(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
        }

        var statuses = replicas.Select(r =>
        {
            var roles = new List<string>();
            if (leader?.Replica == r.Name)
            {
                roles.Add("leader");
            }

            roles.AddRange(holders.Where(h => h.Value.Replica == r.Name).Select(h => $"task-{h.Key}"));
            roles.AddRange(named.Where(n => n.Replica == r.Name && !roles.Contains(n.Role)).Select(n => n.Role));
            return new ReplicaStatus(r.Name, r.Ready, r.Paused, roles, faults.GetValueOrDefault(r.Name) ?? []);
        });
        return new RunSnapshot(Elapsed, [.. statuses], target.Capability<IStoreMembers>()?.DownStoreMembers() ?? [], progress, rolesError);
    }

    /// <summary>Holders of the locks and leaders of the elections the plan's selectors name (a team's own service's roles).</summary>
    private async Task<List<(string Replica, string Role)>> NamedRolesAsync(CancellationToken cancellationToken)
    {
        var roles = new List<(string, string)>();
        var selectors = plan.Schedule.Select(s => s.Arguments.Selector).OfType<Plans.ReplicaSelector>().ToList();
        foreach (var name in selectors.Select(s => s.Lock).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var found = await Selection.ReplicaSelection.HoldersAsync(target.Coordination, name, cancellationToken);
            roles.AddRange(found.Select(h => (h.Owner, $"holds {h.Name}")));
        }

        foreach (var name in selectors.Select(s => s.Election).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await target.Coordination.HolderAsync(name, cancellationToken) is { } leader)
            {
                roles.Add((leader.Owner, $"leads {name}"));
            }
        }

        return roles;
    }
}
