namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// A chaos experiment: what runs (<see cref="Target"/>, <see cref="Store"/>, <see cref="Workload"/>), what is done to it
/// (<see cref="Schedule"/>), what must hold meanwhile (<see cref="Probes"/>) and what is judged afterwards
/// (<see cref="Checks"/>). Built only by <see cref="ChaosPlanLoader"/>, which validates every field; the language is
/// documented in docs/chaos-plans.md and described by chaos-plans/schema/chaos-plan.schema.json.
/// </summary>
public sealed record ChaosPlan
{
    /// <summary>Always <see cref="ChaosPlanConstants.ApiVersion"/>.</summary>
    public string ApiVersion { get; init; } = ChaosPlanConstants.ApiVersion;

    /// <summary>Always <see cref="ChaosPlanConstants.Kind"/>.</summary>
    public string Kind { get; init; } = ChaosPlanConstants.Kind;

    /// <summary>Name and description.</summary>
    public required PlanMetadata Metadata { get; init; }

    /// <summary>Where the replicas run and how many.</summary>
    public required TargetSpec Target { get; init; }

    /// <summary>The coordination store the replicas share.</summary>
    public required StoreSpec Store { get; init; }

    /// <summary>What the replicas do during the run, and how long the run lasts at most.</summary>
    public required WorkloadSpec Workload { get; init; }

    /// <summary>The chaos steps, in file order.</summary>
    public IReadOnlyList<ChaosStep> Schedule { get; init; } = [];

    /// <summary>Steady-state probes.</summary>
    public IReadOnlyList<ProbeSpec> Probes { get; init; } = [];

    /// <summary>The checks run on the history after the run.</summary>
    public IReadOnlyList<CheckSpec> Checks { get; init; } = [];

    /// <summary>The verdict the plan expects; <see cref="PlanExpectation.Fail"/> marks a negative control (unsafe-*.yaml).</summary>
    public PlanExpectation Expect { get; init; } = PlanExpectation.Pass;

    /// <summary>The file the plan was loaded from (as given to the loader), for messages and reports.</summary>
    public string? SourceFile { get; init; }
}
