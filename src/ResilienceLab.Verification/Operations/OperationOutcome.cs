namespace ResilienceLab.Verification.Operations;

/// <summary>How an operation ended.</summary>
public enum OperationOutcome
{
    /// <summary>It certainly took effect.</summary>
    Ok,

    /// <summary>It certainly did not take effect.</summary>
    Fail,

    /// <summary>Unknown: an info completion, or no completion at all (the process died or the run ended).</summary>
    Info,
}
