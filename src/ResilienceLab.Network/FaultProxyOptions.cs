using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Network;

/// <summary>Options of a <see cref="FaultProxy"/>. The proxy always listens on 127.0.0.1.</summary>
public sealed class FaultProxyOptions
{
    /// <summary>Host of the upstream every accepted connection is forwarded to, e.g. <c>127.0.0.1</c>.</summary>
    [Required]
    public string UpstreamHost { get; set; } = "";

    /// <summary>Port of the upstream, e.g. an etcd member's client port.</summary>
    [Range(1, 65535)]
    public int UpstreamPort { get; set; }

    /// <summary>Port to listen on; 0 (the default) picks a free one.</summary>
    [Range(0, 65535)]
    public int ListenPort { get; set; }

    /// <summary>Name used in errors and reports, e.g. <c>replica-1→etcd-2</c>.</summary>
    public string Name { get; set; } = "proxy";

    /// <summary>Seed of the jitter, so that a run replays.</summary>
    public long Seed { get; set; } = FaultProxyConstants.DefaultSeed;

    /// <summary>Size of one read (the unit that is delayed).</summary>
    [Range(FaultProxyConstants.MinBufferSize, FaultProxyConstants.MaxBufferSize)]
    public int BufferSize { get; set; } = FaultProxyConstants.DefaultBufferSize;

    /// <summary>Chunks held per direction of a connection before the proxy stops reading (back-pressure).</summary>
    [Range(1, FaultProxyConstants.MaxQueuedChunksLimit)]
    public int MaxQueuedChunks { get; set; } = FaultProxyConstants.DefaultMaxQueuedChunks;

    /// <summary>How long dialling the upstream may take; after it the client connection is reset.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = FaultProxyConstants.DefaultConnectTimeout;

    /// <summary>Options forwarding to <paramref name="upstream"/>: <c>host:port</c> or a URL such as <c>http://127.0.0.1:2379</c>.</summary>
    /// <exception cref="ArgumentException"><paramref name="upstream"/> is not host:port or a URL with a port.</exception>
    public static FaultProxyOptions ForUpstream(string upstream)
    {
        var endpoint = ProxyEndpoint.Parse(upstream);
        return new FaultProxyOptions { UpstreamHost = endpoint.Host, UpstreamPort = endpoint.Port, Name = $"proxy→{endpoint.Host}:{endpoint.Port}" };
    }

    /// <summary>Every problem with these options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(UpstreamHost))
        {
            errors.Add("FaultProxyOptions.UpstreamHost is empty: give the host to forward to, e.g. 127.0.0.1.");
        }

        if (UpstreamPort is < 1 or > 65535)
        {
            errors.Add($"FaultProxyOptions.UpstreamPort = {UpstreamPort} is out of range: give the upstream's port, 1 to 65535 (e.g. 2379 for etcd).");
        }

        if (ListenPort is < 0 or > 65535)
        {
            errors.Add($"FaultProxyOptions.ListenPort = {ListenPort} is out of range: use 0 for a free port, or 1 to 65535.");
        }

        if (BufferSize is < FaultProxyConstants.MinBufferSize or > FaultProxyConstants.MaxBufferSize)
        {
            errors.Add($"FaultProxyOptions.BufferSize = {BufferSize} is out of range: it must be between {FaultProxyConstants.MinBufferSize} and {FaultProxyConstants.MaxBufferSize} (default {FaultProxyConstants.DefaultBufferSize}).");
        }

        if (MaxQueuedChunks is < 1 or > FaultProxyConstants.MaxQueuedChunksLimit)
        {
            errors.Add($"FaultProxyOptions.MaxQueuedChunks = {MaxQueuedChunks} is out of range: it must be between 1 and {FaultProxyConstants.MaxQueuedChunksLimit} (default {FaultProxyConstants.DefaultMaxQueuedChunks}).");
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"FaultProxyOptions.ConnectTimeout = {ConnectTimeout} is out of range: it must be more than 0 and at most 10 minutes (default {FaultProxyConstants.DefaultConnectTimeout}).");
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid options for fault proxy '{Name}': " + string.Join(" ", errors), "options");
        }
    }
}
