namespace ResilienceLab.Worker;

/// <summary>
/// The fault agent beside a worker (section <c>Agent</c>, e.g. <c>RESLAB_Agent__TokenFile</c>): where it listens, how it
/// authenticates the controller, which worker it acts on, and the localhost proxies the worker reaches the store through.
/// </summary>
public sealed class AgentOptions
{
    /// <summary>The TCP port of the agent's HTTP API (1025–65535: no privilege binds below).</summary>
    public int Port { get; set; } = Hosting.AgentProtocol.DefaultPort;

    /// <summary><c>*</c> (every interface: the controller runs in another pod) or a literal address such as <c>127.0.0.1</c>.</summary>
    public string Address { get; set; } = HealthEndpointConstants.AnyAddress;

    /// <summary>A file holding the bearer token the controller must present (a Secret mounted into both). Required.</summary>
    public string? TokenFile { get; set; }

    /// <summary>The replica the agent serves: the worker whose <c>Replica:Name</c> (else <c>POD_NAME</c>) is this. Default: <c>POD_NAME</c>.</summary>
    public string? PodName { get; set; }

    /// <summary>The real store endpoints, comma-separated (what the worker would use without the agent). Required.</summary>
    public string? Upstreams { get; set; }

    /// <summary>
    /// The localhost ports of the fault proxies, comma-separated, one per upstream in the same order; the worker's
    /// <c>Store:Endpoints</c> must be <c>http://127.0.0.1:&lt;port&gt;</c> for each. Required.
    /// </summary>
    public string? ProxyPorts { get; set; }

    /// <summary>The worker's <c>Store:FaultFile</c> (on a volume both mount); unset: store-fault is refused.</summary>
    public string? FaultFile { get; set; }

    /// <summary>How long faults stay in force without a renewal from the controller; then the agent heals and resumes the worker.</summary>
    public TimeSpan LeaseTtl { get; set; } = AgentConstants.DefaultLeaseTtl;
}
