namespace ResilienceLab.Chaos.Plans;

/// <summary>The <c>workload</c> section: what every replica does during the run.</summary>
public sealed record WorkloadSpec
{
    /// <summary>The longest the run may last; it ends earlier when every task and increment is done.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>What the replicas run: the reference workers (default) or a team's own service.</summary>
    public WorkloadService Service { get; init; } = WorkloadService.Reference;

    /// <summary>Lock-protected tasks with checkpoints (<see cref="TaskWorkloadSpec.Count"/> 0 = none).</summary>
    public TaskWorkloadSpec Tasks { get; init; } = TaskWorkloadSpec.None;

    /// <summary>Leader election.</summary>
    public ElectionWorkloadSpec Election { get; init; } = ElectionWorkloadSpec.Disabled;

    /// <summary>The shared counter.</summary>
    public CounterWorkloadSpec Counter { get; init; } = CounterWorkloadSpec.Disabled;

    /// <summary>True when at least one worker kind is enabled.</summary>
    public bool DoesWork => Tasks.Enabled || Election.Enabled || Counter.Enabled;
}
