namespace ResilienceLab.Chaos.Plans;

/// <summary>What the replicas run: <c>workload.service</c>.</summary>
public enum WorkloadService
{
    /// <summary>The built-in reference workers, configured by <c>workload.tasks</c>, <c>election</c> and <c>counter</c>.</summary>
    Reference,

    /// <summary>
    /// A team's own service: in the simulation what the ResilienceLab.Testing harness is given, on Kubernetes the team's
    /// Deployment. Its history is what the coordination packages record; the reference sections do not apply.
    /// </summary>
    External,
}
