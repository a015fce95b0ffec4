namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// What <see cref="ChaosPlanLoader"/> returns: the plan when it has no errors, and every diagnostic found (errors and
/// warnings, in file order). The loader never throws for a bad plan.
/// </summary>
public sealed record PlanLoadResult
{
    /// <summary>The plan; null when <see cref="Diagnostics"/> holds an error.</summary>
    public ChaosPlan? Plan { get; init; }

    /// <summary>Every diagnostic, errors and warnings, ordered by line and column.</summary>
    public IReadOnlyList<PlanDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>True when the plan loaded (it may still have warnings).</summary>
    public bool Succeeded => Plan is not null;

    /// <summary>The errors only.</summary>
    public IReadOnlyList<PlanDiagnostic> Errors => [.. Diagnostics.Where(d => d.IsError)];

    /// <summary>The warnings only.</summary>
    public IReadOnlyList<PlanDiagnostic> Warnings => [.. Diagnostics.Where(d => !d.IsError)];
}
