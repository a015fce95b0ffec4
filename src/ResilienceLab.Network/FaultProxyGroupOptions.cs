using System.ComponentModel.DataAnnotations;

namespace ResilienceLab.Network;

/// <summary>Options of a <see cref="FaultProxyGroup"/>.</summary>
public sealed class FaultProxyGroupOptions
{
    /// <summary>
    /// The real endpoints every replica would otherwise use, e.g. the etcd members' client URLs
    /// (<c>http://127.0.0.1:2379</c>) or bare <c>host:port</c>s. Proxied endpoints keep the same form.
    /// </summary>
    [Required]
    [MinLength(1)]
    public IList<string> Upstreams { get; set; } = new List<string>();

    /// <summary>Root seed of the jitter; each proxy gets its own stream, derived from its replica and member.</summary>
    public long Seed { get; set; } = FaultProxyConstants.DefaultSeed;

    /// <summary>How long dialling an upstream may take before the client connection is reset.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan ConnectTimeout { get; set; } = FaultProxyConstants.DefaultConnectTimeout;

    /// <summary>Every problem with these options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Upstreams is null || Upstreams.Count == 0)
        {
            errors.Add("FaultProxyGroupOptions.Upstreams is empty: give the endpoints to proxy, e.g. http://127.0.0.1:2379.");
        }
        else
        {
            for (var i = 0; i < Upstreams.Count; i++)
            {
                if (!ProxyEndpoint.TryParse(Upstreams[i], out _))
                {
                    errors.Add($"FaultProxyGroupOptions.Upstreams[{i}] = '{Upstreams[i]}' is not an endpoint: expected host:port or scheme://host:port, e.g. http://127.0.0.1:2379.");
                }
            }
        }

        if (ConnectTimeout <= TimeSpan.Zero || ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            errors.Add($"FaultProxyGroupOptions.ConnectTimeout = {ConnectTimeout} is out of range: it must be more than 0 and at most 10 minutes (default {FaultProxyConstants.DefaultConnectTimeout}).");
        }

        return errors;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing every problem when the options are invalid.</summary>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid fault proxy group options: " + string.Join(" ", errors), "options");
        }
    }
}
