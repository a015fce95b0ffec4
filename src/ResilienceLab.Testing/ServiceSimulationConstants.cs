namespace ResilienceLab.Testing;

/// <summary>Defaults and limits of <see cref="ServiceSimulationOptions"/>.</summary>
public static class ServiceSimulationConstants
{
    /// <summary>Seeds a run explores by default.</summary>
    public const int DefaultSeeds = 100;

    /// <summary>Most seeds one call runs.</summary>
    public const int MaxSeeds = 1_000_000;

    /// <summary>Most replicas one simulated run holds.</summary>
    public const int MaxReplicas = 1000;

    /// <summary>The configuration key holding a replica's name.</summary>
    public const string ReplicaNameKey = "Replica:Name";
}
