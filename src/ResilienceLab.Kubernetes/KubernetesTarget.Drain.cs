using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Kubernetes;

public sealed partial class KubernetesTarget
{
    /// <summary>
    /// Waits (at most <see cref="KubernetesTargetOptions.DrainTimeout"/>) until the workload has finished: every task's
    /// checkpoint at its last step, and every live worker's counter increments acknowledged. The workers keep running
    /// after a run on Kubernetes, so without this the final counter read could race increments still in flight.
    /// </summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_options.Workload is not { } workload || _options.DrainTimeout <= TimeSpan.Zero || !workload.Tasks.Enabled && !workload.Counter.Enabled)
        {
            return;
        }

        var started = Time.GetTimestamp();
        var pending = "";
        while (true)
        {
            try
            {
                pending = await PendingWorkAsync(workload, cancellationToken);
            }
            catch (StoreException e)
            {
                pending = $"the store could not be read ({e.Message})";
            }

            if (pending.Length == 0)
            {
                return;
            }

            if (Time.GetElapsedTime(started) >= _options.DrainTimeout)
            {
                _output.WriteLine($"warning: the workload did not drain within {_options.DrainTimeout} ({pending}); operations still in flight count as unknown outcomes.");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), Time, cancellationToken);
        }
    }

    private async Task<string> PendingWorkAsync(ReplicaOptions workload, CancellationToken cancellationToken)
    {
        var pending = new List<string>();
        if (workload.Tasks.Enabled)
        {
            var progress = await ReplicaRoles.ProgressAsync(Coordination, cancellationToken);
            var unfinished = Enumerable.Range(0, workload.Tasks.Count).Count(id => progress.GetValueOrDefault(id) < workload.Tasks.Steps);
            if (unfinished > 0)
            {
                pending.Add($"{unfinished} task(s) not complete");
            }
        }

        if (workload.Counter.Enabled)
        {
            foreach (var replica in Replicas())
            {
                var done = _logs.EntriesOf(replica.Name).Count(e => e.Op == HistoryOps.CounterIncrement && e.Type is HistoryEntryType.Ok or HistoryEntryType.Info);
                if (done < workload.Counter.Increments)
                {
                    pending.Add($"{replica.Name} has {done} of {workload.Counter.Increments} increments");
                }
            }
        }

        return string.Join("; ", pending);
    }
}
