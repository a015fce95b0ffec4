namespace ResilienceLab.Testing;

/// <summary>The checks <see cref="ServiceSimulation"/> adds to the plan's.</summary>
public static class ServiceSimulationChecks
{
    /// <summary>A hosted service let an exception escape (every simulated run has this check: <see cref="Chaos.Running.ServiceCrashCheck"/>).</summary>
    public const string ServiceCrash = Chaos.Running.ServiceCrashCheck.Name;

    /// <summary>The run itself could not complete (no replica became ready, the plan could not be carried out).</summary>
    public const string Run = "run";

    /// <summary>Code left the simulation's loop (thread pool, wall-clock timers): the seed would not replay (<c>reslab simulate --service</c> reports it as this check).</summary>
    public const string Determinism = "determinism";
}
