namespace ResilienceLab.Chaos.Plans;

/// <summary>The verdict a plan expects.</summary>
public enum PlanExpectation
{
    /// <summary>Every check passes (the normal case).</summary>
    Pass,

    /// <summary>At least one check fails: a negative control proving the checkers catch the bug (plans named unsafe-*.yaml).</summary>
    Fail,
}
