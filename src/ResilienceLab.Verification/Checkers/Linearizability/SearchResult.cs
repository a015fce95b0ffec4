namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>What one search found.</summary>
/// <param name="Outcome">Linearizable, not, or out of budget.</param>
/// <param name="Order">For a linearizable history: the operations (indexes) in linearization order.</param>
/// <param name="FinalState">The model state after <paramref name="Order"/>.</param>
/// <param name="Steps">Search steps taken.</param>
/// <param name="Configurations">Distinct (set, state) configurations memoised.</param>
internal sealed record SearchResult(SearchOutcome Outcome, IReadOnlyList<int> Order, long FinalState, long Steps, int Configurations);
