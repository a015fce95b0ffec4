namespace ResilienceLab.Worker;

/// <summary>Names and defaults of the fault agent (<c>reslab-worker agent</c>, docs/kubernetes.md "The agent sidecar").</summary>
public static class AgentConstants
{
    /// <summary>Section of <see cref="AgentOptions"/>.</summary>
    public const string Section = "Agent";

    /// <summary>The first command-line argument that runs the executable as the agent instead of a worker.</summary>
    public const string Command = "agent";

    /// <summary>
    /// How long faults stay in force without a renewal from the controller. The controller renews every
    /// <c>LeaseTtl / 4</c>; 10 s lets a busy API path or a GC pause in the controller pass without healing early.
    /// </summary>
    public static readonly TimeSpan DefaultLeaseTtl = TimeSpan.FromSeconds(10);

    /// <summary>The longest lease an agent accepts: a controller that died may not leave a worker stopped for long.</summary>
    public static readonly TimeSpan MaxLeaseTtl = TimeSpan.FromMinutes(5);

    /// <summary>How often the agent checks its lease: the worker is resumed at most this long after the lease ran out.</summary>
    public static readonly TimeSpan LeaseCheckInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a pause waits for every thread of the worker to stop (SIGSTOP is delivered asynchronously).</summary>
    public static readonly TimeSpan StopSettleTimeout = TimeSpan.FromSeconds(2);
}
