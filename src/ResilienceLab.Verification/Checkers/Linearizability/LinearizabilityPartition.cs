namespace ResilienceLab.Verification.Checkers.Linearizability;

/// <summary>The operations on one key under one model, checked independently of every other key.</summary>
internal sealed class LinearizabilityPartition
{
    /// <summary>"register" or "counter".</summary>
    public required string Model { get; init; }

    /// <summary>The key.</summary>
    public required string Key { get; init; }

    /// <summary>The model's initial state.</summary>
    public required long Initial { get; init; }

    /// <summary>The operations, in invoke order.</summary>
    public required IReadOnlyList<PartitionOperation> Operations { get; init; }

    /// <summary>Register value ids back to their text (id 0 = absent); empty for counters.</summary>
    public IReadOnlyList<string?> Values { get; init; } = [];

    /// <summary>A state as text, for messages.</summary>
    public string Describe(long state) =>
        Model == "register" ? (state == 0 ? "absent" : $"\"{Values[(int)state]}\"") : state.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
