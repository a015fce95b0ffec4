namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// One operation as a model sees it. States and values are longs: a register's values are interned
/// to ids (0 = the key is absent), a counter's are its integer values.
/// </summary>
internal readonly record struct ModelOperation(ModelOperationKind Kind, long Input, long Expected, long Output, bool HasOutput)
{
    /// <summary>Applies the operation to <paramref name="state"/>; false when it cannot happen in that state.</summary>
    public bool Step(long state, out long next)
    {
        switch (Kind)
        {
            case ModelOperationKind.RegisterRead:
            case ModelOperationKind.CounterRead:
                next = state;
                return state == Output;
            case ModelOperationKind.RegisterWrite:
                next = Input;
                return true;
            case ModelOperationKind.RegisterCas:
                // A required CAS swapped; an optional one (unknown outcome) is linearized only where it
                // could swap, and "did not take effect" is the choice of never linearizing it.
                next = Input;
                return state == Expected;
            case ModelOperationKind.RegisterCasFailed:
                next = state;
                return state != Expected;
            case ModelOperationKind.CounterIncrement:
                next = state + 1;
                return !HasOutput || next == Output;
            default:
                next = state;
                return false;
        }
    }
}
