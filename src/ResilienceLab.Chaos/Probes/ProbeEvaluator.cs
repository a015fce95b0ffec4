using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Coordination;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Probes;

/// <summary>Evaluates one steady-state probe once: true and a note when it holds, false and why not.</summary>
public sealed class ProbeEvaluator(IChaosTarget target, int expectedReplicas, int tasks, int steps)
{
    private int _lastProgress = -1;

    public async Task<(bool Ok, string Note)> EvaluateAsync(ProbeKind kind, CancellationToken cancellationToken)
    {
        try
        {
            switch (kind)
            {
                case ProbeKind.LeaderExists:
                    var leader = await ReplicaRoles.LeaderAsync(target.Coordination, cancellationToken);
                    return leader is null ? (false, "no leader") : (true, $"leader {leader.Replica} term {leader.Token}");
                case ProbeKind.AllReplicasReady:
                    var replicas = target.Replicas();
                    var ready = replicas.Count(r => r.Ready && !r.Paused);
                    return (ready >= expectedReplicas, $"{ready}/{expectedReplicas} replicas ready");
                case ProbeKind.TasksProgressing:
                    var progress = await ReplicaRoles.ProgressAsync(target.Coordination, cancellationToken);
                    var total = progress.Values.Sum();
                    var moved = total > _lastProgress;
                    _lastProgress = total;
                    var complete = tasks > 0 && progress.Count == tasks && progress.Values.All(s => s >= steps);
                    return (moved || complete, complete ? $"all {tasks} tasks complete" : $"{total} steps committed");
                case ProbeKind.CounterReadable:
                    var counter = await target.Coordination.ReadAsync(WorkerConstants.CounterKey, cancellationToken);
                    return (true, $"counter = {counter.Single?.Value ?? "(unset)"}");
                default:
                    return (false, $"unknown probe {kind}");
            }
        }
        catch (StoreException e)
        {
            return (false, $"store unreachable: {e.Message}");
        }
    }
}
