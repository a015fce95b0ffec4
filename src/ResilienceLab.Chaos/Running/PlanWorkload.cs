using ResilienceLab.Chaos.Plans;
using ResilienceLab.Workers;

namespace ResilienceLab.Chaos.Running;

/// <summary>Turns a plan's workload into the replica options every target starts its replicas with.</summary>
public static class PlanWorkload
{
    /// <summary>
    /// The replica template. One session per replica carries its locks and its candidacy, so its TTL is the
    /// tasks' lock TTL when tasks run, else the election TTL.
    /// </summary>
    public static ReplicaOptions ToReplicaOptions(ChaosPlan plan)
    {
        var w = plan.Workload;
        return new ReplicaOptions
        {
            LockTtl = w.Tasks.Enabled || !w.Election.Enabled ? w.Tasks.LockTtl : w.Election.Ttl,
            Tasks = new TaskWorkerOptions
            {
                Enabled = w.Tasks.Enabled,
                Count = Math.Max(1, w.Tasks.Count),
                Steps = w.Tasks.Steps,
                StepDuration = w.Tasks.StepDuration,
            },
            Election = new ElectionWorkerOptions { Enabled = w.Election.Enabled, HeartbeatInterval = w.Election.HeartbeatInterval },
            Counter = new CounterWorkerOptions
            {
                Enabled = w.Counter.Enabled,
                Increments = w.Counter.Increments,
                Mode = w.Counter.Mode == Plans.CounterMode.Unsafe ? Workers.CounterMode.Unsafe : Workers.CounterMode.Cas,
                ReadWriteGap = w.Counter.ReadWriteGap,
                Interval = w.Counter.Interval,
            },
        };
    }
}
