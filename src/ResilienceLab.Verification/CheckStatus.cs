namespace ResilienceLab.Verification;

/// <summary>The outcome of one check.</summary>
public enum CheckStatus
{
    /// <summary>The property holds on this history.</summary>
    Passed,

    /// <summary>The property is violated; the result carries a counterexample.</summary>
    Failed,

    /// <summary>The check could not decide (missing final read, search budget exhausted).</summary>
    Inconclusive,
}
