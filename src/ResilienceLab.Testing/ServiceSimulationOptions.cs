namespace ResilienceLab.Testing;

/// <summary>How <see cref="ServiceSimulation"/> runs a plan against a service.</summary>
public sealed class ServiceSimulationOptions
{
    /// <summary>How many seeds to run: <see cref="FirstSeed"/>, <see cref="FirstSeed"/> + 1, …</summary>
    public int Seeds { get; set; } = ServiceSimulationConstants.DefaultSeeds;

    /// <summary>The first seed (a failing seed replays alone with <c>FirstSeed = seed, Seeds = 1</c>).</summary>
    public long FirstSeed { get; set; } = 1;

    /// <summary>Replicas per run; null: the plan's <c>target.replicas</c>.</summary>
    public int? Replicas { get; set; }

    /// <summary>Seeds run at once, each on its own loop and thread; default: one per core.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Stop at the first failing seed (default) rather than run them all.</summary>
    public bool StopAtFirstFailure { get; set; } = true;

    /// <summary>Settings every replica's <c>IConfiguration</c> holds (besides <c>Replica:Name</c>, set per replica).</summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The lock TTL the checks judge take-over by; null: the plan's (task-resumption <c>resumeWithin</c>, else the default).</summary>
    public TimeSpan? LockTtl { get; set; }

    /// <summary>Every problem, one sentence each; empty when valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Seeds is < 1 or > ServiceSimulationConstants.MaxSeeds)
        {
            errors.Add($"ServiceSimulationOptions.Seeds = {Seeds}: run 1 to {ServiceSimulationConstants.MaxSeeds} seeds.");
        }

        if (Replicas is < 1 or > ServiceSimulationConstants.MaxReplicas)
        {
            errors.Add($"ServiceSimulationOptions.Replicas = {Replicas}: 1 to {ServiceSimulationConstants.MaxReplicas}, or null for the plan's.");
        }

        if (Parallelism < 1)
        {
            errors.Add($"ServiceSimulationOptions.Parallelism = {Parallelism}: at least 1.");
        }

        if (LockTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            errors.Add($"ServiceSimulationOptions.LockTtl = {ttl}: must be positive.");
        }

        return errors;
    }
}
