using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>
/// Why one key is not linearizable, in the shape Porcupine draws it: the longest prefix of the history that has a
/// legal order (one such order), and the operations that could not be placed after it.
/// </summary>
public sealed record LinearizabilityFailure
{
    /// <summary>"register" or "counter".</summary>
    public required string Model { get; init; }

    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>One legal order of every operation completed before the first that cannot be placed (the longest linearizable prefix).</summary>
    public required IReadOnlyList<Operation> Linearized { get; init; }

    /// <summary>The model state after <see cref="Linearized"/>, as text.</summary>
    public required string StateAfterPrefix { get; init; }

    /// <summary>The operations no order of the prefix can place: they completed as recorded, but no state explains them.</summary>
    public required IReadOnlyList<Operation> Unplaced { get; init; }

    /// <summary>The operations concurrent with the unplaced ones (the candidates to order before them).</summary>
    public IReadOnlyList<Operation> Concurrent { get; init; } = [];
}
