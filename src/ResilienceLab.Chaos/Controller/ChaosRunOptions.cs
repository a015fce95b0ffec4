namespace ResilienceLab.Chaos.Controller;

/// <summary>Settings of one run of a plan.</summary>
public sealed class ChaosRunOptions
{
    /// <summary>The seed of schedule jitter and random selection (the plan's seed unless overridden).</summary>
    public long Seed { get; set; }

    /// <summary>How long replicas may take to become ready before the run is declared an infrastructure failure.</summary>
    public TimeSpan ReadyTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the workload may keep running after the schedule to finish its work (tasks, increments).</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Called for every chaos event as it happens (the live view).</summary>
    public Action<ChaosEvent>? OnEvent { get; set; }

    /// <summary>
    /// Called every <see cref="SnapshotInterval"/> of the run with the replicas, their roles and the faults in force
    /// (the live view's table). It reads the store through the controller's client, so leave it unset where that
    /// would change what is measured (a simulated run, whose seed must replay the same with or without a view).
    /// </summary>
    public Action<RunSnapshot>? OnSnapshot { get; set; }

    /// <summary>How often <see cref="OnSnapshot"/> is called.</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(1);
}
