namespace ResilienceLab.Testing;

/// <summary>Thrown by <see cref="ServiceSimulation.AssertPasses"/> when a seed fails; the message says which, why, and how to replay it.</summary>
public sealed class ServiceSimulationException(ServiceSimulationResult result) : Exception(result.Describe())
{
    /// <summary>Every seed that ran.</summary>
    public ServiceSimulationResult Result { get; } = result;
}
