namespace ResilienceLab.Chaos.Plans;

/// <summary>How bad a diagnostic is.</summary>
public enum PlanDiagnosticSeverity
{
    /// <summary>The plan is not loaded: it cannot run as written.</summary>
    Error,

    /// <summary>The plan runs, but probably not as meant.</summary>
    Warning,
}
