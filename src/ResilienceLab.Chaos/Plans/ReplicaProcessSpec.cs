namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// <c>target.replica</c>: the process a local target runs as each replica — a team's own service, or the reference
/// worker when the plan names none. Arguments and environment values may use the replica contract's placeholders
/// (<see cref="Local.ReplicaContract"/>, e.g. <c>${replica.name}</c>); docs/replica-contract.md lists them.
/// </summary>
public sealed record ReplicaProcessSpec
{
    /// <summary>The program and its arguments, e.g. <c>[dotnet, bin/Release/net10.0/Billing.Service.dll]</c>.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Where it runs, relative to the plan file's directory; the plan file's directory when absent.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables set for every replica, on top of the contract's <c>RESLAB_*</c> variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>How a replica says it is ready: it creates its ready file (the default), or as soon as it has started.</summary>
    public ReplicaReadiness Ready { get; init; } = ReplicaReadiness.File;
}
