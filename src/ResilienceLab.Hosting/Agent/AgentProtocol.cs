namespace ResilienceLab.Hosting;

/// <summary>
/// The HTTP contract between the chaos controller and the fault agent beside a worker (<c>reslab-worker agent</c>, a
/// sidecar in the worker's pod): one place for the paths, query names and header both sides use. Every request carries
/// <c>Authorization: Bearer &lt;token&gt;</c> (a Secret both mount); every authenticated POST renews the controller's
/// lease, and the agent heals and resumes its worker by itself when the lease runs out.
/// </summary>
public static class AgentProtocol
{
    /// <summary>The name of the agent's container port in the pod spec (the controller finds the agent by it).</summary>
    public const string PortName = "agent";

    /// <summary>The port the agent listens on in k8s/agent/30-worker-agent.yaml.</summary>
    public const int DefaultPort = 9091;

    /// <summary>The first of the localhost ports the agent's fault proxies listen on (one per store endpoint, in order).</summary>
    public const int DefaultProxyBasePort = 23790;

    /// <summary>GET: the agent's view (JSON <see cref="AgentStatus"/>); does not renew the lease.</summary>
    public const string StatusPath = "/v1/status";

    /// <summary>POST: renews the lease and nothing else (every POST renews it).</summary>
    public const string LeasePath = "/v1/lease";

    /// <summary>POST: SIGSTOP the worker.</summary>
    public const string PausePath = "/v1/pause";

    /// <summary>POST: SIGCONT the worker.</summary>
    public const string ResumePath = "/v1/resume";

    /// <summary>POST: blackhole the worker's store connections (they hang).</summary>
    public const string PartitionPath = "/v1/partition";

    /// <summary>POST: reset the worker's store connections, and new ones, until healed.</summary>
    public const string ResetPath = "/v1/reset";

    /// <summary>POST <c>?latency=…&amp;jitter=…</c> (TimeSpan "c" format): latency on each direction of the worker's store traffic.</summary>
    public const string LatencyPath = "/v1/latency";

    /// <summary>POST <c>?fault=unavailable|indeterminate&amp;probability=…&amp;seed=…</c>: faults inside the worker's store client (its fault file).</summary>
    public const string StoreFaultPath = "/v1/store-fault";

    /// <summary>POST: removes network and store faults (not a pause: resume ends that).</summary>
    public const string HealPath = "/v1/heal";

    /// <summary>Query parameter names.</summary>
    public const string LatencyQuery = "latency";

    /// <summary>Query parameter names.</summary>
    public const string JitterQuery = "jitter";

    /// <summary>Query parameter names.</summary>
    public const string FaultQuery = "fault";

    /// <summary>Query parameter names.</summary>
    public const string ProbabilityQuery = "probability";

    /// <summary>Query parameter names.</summary>
    public const string SeedQuery = "seed";

    /// <summary>The authentication scheme of the <c>Authorization</c> header.</summary>
    public const string BearerScheme = "Bearer";
}
