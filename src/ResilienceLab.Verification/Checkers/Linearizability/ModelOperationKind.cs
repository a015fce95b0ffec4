namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>What an operation does to a model's state.</summary>
internal enum ModelOperationKind : byte
{
    /// <summary>Register read: legal when the state equals the value read.</summary>
    RegisterRead,

    /// <summary>Register write: always legal; the state becomes the value.</summary>
    RegisterWrite,

    /// <summary>Register CAS that swapped, or whose outcome is unknown: swaps when the state equals the expected value.</summary>
    RegisterCas,

    /// <summary>Register CAS whose compare did not hold: a read that saw a value other than the expected one.</summary>
    RegisterCasFailed,

    /// <summary>Counter increment: the state grows by one (and must equal the value after, when recorded).</summary>
    CounterIncrement,

    /// <summary>Counter read: legal when the state equals the value read.</summary>
    CounterRead,
}
