using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary><c>workload</c>: what every replica does during the run.</summary>
internal static class WorkloadShape
{
    /// <summary>The longest a TTL or step of the reference workload may be.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(1);

    public static readonly DurationField Duration = new("duration", "The longest the run may last; it ends earlier when all work is done.")
    {
        Required = true,
        Hint = "the longest the run may last, e.g. duration: 60s",
        Examples = ["60s", "2m"],
    };

    public static readonly EnumField<WorkloadService> Service = new("service", "workload service", "What the replicas run: the reference workers (default; configured by tasks, election, counter) or your own service (external: the ResilienceLab.Testing harness in the simulation, your Deployment on Kubernetes).");

    public static readonly SectionField Tasks = new("tasks", string.Empty, TasksShape.Section);

    public static readonly SectionField Election = new("election", string.Empty, ElectionShape.Section);

    public static readonly SectionField Counter = new("counter", string.Empty, CounterShape.Section);

    public static readonly SectionShape Section = new("workload", "What every replica does during the run.", [Duration, Service, Tasks, Election, Counter])
    {
        Always = new Presence { AnyOf = ["tasks", "election", "counter"] },
    };
}
