namespace ResilienceLab.Worker;

/// <summary>The worker's HTTP health endpoint (section <c>Health</c>); off unless <see cref="Port"/> is set.</summary>
public sealed class HealthEndpointOptions
{
    /// <summary>
    /// The TCP port serving <c>/healthz/live</c>, <c>/healthz/ready</c> and <c>/healthz/startup</c>, from
    /// <see cref="HealthEndpointConstants.MinimumPort"/> to 65535; unset: no endpoint (local replicas need none).
    /// </summary>
    public int? Port { get; set; }

    /// <summary>The IP address to listen on: <c>*</c> (every interface, what a kubelet's probe needs) or a literal such as <c>127.0.0.1</c>.</summary>
    public string Address { get; set; } = HealthEndpointConstants.AnyAddress;
}
