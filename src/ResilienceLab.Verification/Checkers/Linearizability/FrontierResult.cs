namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>What the frontier search found.</summary>
/// <param name="Outcome">Linearizable, not, or out of budget.</param>
/// <param name="FailingOperation">For a non-linearizable history: the operation whose return emptied the frontier.</param>
/// <param name="Work">Configurations expanded.</param>
internal sealed record FrontierResult(SearchOutcome Outcome, int FailingOperation, long Work);
