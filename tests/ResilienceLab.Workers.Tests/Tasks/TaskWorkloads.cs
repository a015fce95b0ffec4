namespace ResilienceLab.Workers.Tests.Tasks;

/// <summary>The task workload of the scenarios: short steps, a 2 s TTL, and room on every replica to take over at once.</summary>
internal static class TaskWorkloads
{
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    public static ReplicaOptions Create(int tasks, int steps, TimeSpan stepDuration) => new()
    {
        LockTtl = Ttl,
        Tasks = new TaskWorkerOptions
        {
            Enabled = true,
            Count = tasks,
            Steps = steps,
            StepDuration = stepDuration,

            // Every replica has free slots, so an orphaned task is taken over when its lease expires, not when a
            // replica finishes its own work; idle replicas look around every 4 × IdlePoll.
            MaxConcurrent = 3,
            IdlePoll = TimeSpan.FromMilliseconds(50),
        },
        Election = new ElectionWorkerOptions { Enabled = false },
        Counter = new CounterWorkerOptions { Enabled = false },
    };

    public static string TaskKey(int id) => $"{WorkerConstants.TasksPrefix}{id}";

    public static string LockName(int id) => $"{WorkerConstants.TaskLocksPrefix}{id}";
}
