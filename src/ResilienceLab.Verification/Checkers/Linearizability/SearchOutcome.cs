namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>How a search ended.</summary>
internal enum SearchOutcome
{
    /// <summary>A linearization was found.</summary>
    Linearizable,

    /// <summary>Every order was tried (up to memoisation): none is legal.</summary>
    NotLinearizable,

    /// <summary>The step budget ran out first.</summary>
    BudgetExhausted,
}
