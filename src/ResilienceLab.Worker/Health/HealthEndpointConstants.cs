namespace ResilienceLab.Worker;

/// <summary>Names and paths of the worker's health endpoint (docs/worker.md, "Health").</summary>
public static class HealthEndpointConstants
{
    /// <summary>Section of <see cref="HealthEndpointOptions"/>.</summary>
    public const string Section = "Health";

    /// <summary><c>Health:Address</c> value meaning every interface (IPv6 and IPv4).</summary>
    public const string AnyAddress = "*";

    /// <summary>
    /// The lowest port the endpoint may use. A non-root process with every capability dropped (the restricted Pod Security
    /// profile) cannot bind a port below 1024, so a lower one would fail only once deployed.
    /// </summary>
    public const int MinimumPort = 1025;

    /// <summary>Liveness: 200 while the process serves requests; runs no check (a store outage must not restart replicas).</summary>
    public const string LivePath = "/healthz/live";

    /// <summary>Readiness: 200 while the startup state is loaded and the session is alive, 503 otherwise.</summary>
    public const string ReadyPath = "/healthz/ready";

    /// <summary>Start-up: 200 once the startup state is loaded, 503 before (and while stopping).</summary>
    public const string StartupPath = "/healthz/startup";
}
