using System.Globalization;
using System.Net;
using ResilienceLab.Network;

namespace ResilienceLab.Worker;

/// <summary>Validates <see cref="AgentOptions"/>, reporting every problem with its configuration path.</summary>
public static class AgentOptionsValidator
{
    /// <summary>Every problem, as "Agent:Key: message".</summary>
    public static IReadOnlyList<string> Errors(AgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = AgentConstants.Section;
        var errors = new List<string>();
        if (options.Port < HealthEndpointConstants.MinimumPort || options.Port > IPEndPoint.MaxPort)
        {
            errors.Add($"{Section}:Port: {options.Port} is out of range; use {HealthEndpointConstants.MinimumPort}-{IPEndPoint.MaxPort} (a non-root process without capabilities cannot bind below 1024).");
        }

        if (options.Address != HealthEndpointConstants.AnyAddress && !IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"{Section}:Address: '{options.Address}' is not an IP address; use '{HealthEndpointConstants.AnyAddress}' or a literal such as 127.0.0.1.");
        }

        if (string.IsNullOrWhiteSpace(options.TokenFile))
        {
            errors.Add($"{Section}:TokenFile is required: the file holding the controller's bearer token (mount the Secret, e.g. /var/run/secrets/resiliencelab/agent/token).");
        }
        else if (!File.Exists(options.TokenFile))
        {
            errors.Add($"{Section}:TokenFile: '{options.TokenFile}' does not exist; mount the agent token Secret there.");
        }
        else if (new FileInfo(options.TokenFile).Length == 0)
        {
            errors.Add($"{Section}:TokenFile: '{options.TokenFile}' is empty; the Secret must hold a token.");
        }

        if (string.IsNullOrWhiteSpace(options.PodName))
        {
            errors.Add($"{Section}:PodName is required (or POD_NAME from the downward API): it names the worker the agent acts on.");
        }

        var upstreams = Split(options.Upstreams);
        if (upstreams.Count == 0)
        {
            errors.Add($"{Section}:Upstreams is required: the real store endpoints, comma-separated, e.g. http://etcd-0.etcd.reslab.svc:2379.");
        }

        foreach (var upstream in upstreams.Where(u => !ProxyEndpoint.TryParse(u, out _)))
        {
            errors.Add($"{Section}:Upstreams: '{upstream}' is not an endpoint such as http://etcd-0.etcd:2379.");
        }

        var ports = Split(options.ProxyPorts);
        if (ports.Count != upstreams.Count)
        {
            errors.Add($"{Section}:ProxyPorts: {ports.Count} port(s) for {upstreams.Count} upstream(s); give one localhost port per upstream, in the same order, e.g. 23790,23791,23792.");
        }

        foreach (var port in ports.Where(p => !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < HealthEndpointConstants.MinimumPort || n > IPEndPoint.MaxPort))
        {
            errors.Add($"{Section}:ProxyPorts: '{port}' is not a port from {HealthEndpointConstants.MinimumPort} to {IPEndPoint.MaxPort}.");
        }

        if (options.LeaseTtl <= TimeSpan.Zero || options.LeaseTtl > AgentConstants.MaxLeaseTtl)
        {
            errors.Add($"{Section}:LeaseTtl: {options.LeaseTtl} must be positive and at most {AgentConstants.MaxLeaseTtl} (a silent controller must not leave the worker faulted for long).");
        }

        return errors;
    }

    /// <summary>The comma-separated items of <paramref name="list"/>, trimmed, empty ones dropped.</summary>
    internal static IReadOnlyList<string> Split(string? list) =>
        list is null ? [] : [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
}
