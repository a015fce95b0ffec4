using System.Globalization;

namespace ResilienceLab.Network;

/// <summary>
/// An endpoint as callers write it — <c>host:port</c> or <c>scheme://host:port</c> — so that a proxied endpoint
/// keeps the caller's form (an etcd client URL stays a URL).
/// </summary>
/// <param name="Scheme">The URL scheme (<c>http</c>), or null for a bare <c>host:port</c>.</param>
/// <param name="Host">Host name or IP address (IPv6 without brackets).</param>
/// <param name="Port">TCP port.</param>
public sealed record ProxyEndpoint(string? Scheme, string Host, int Port)
{
    /// <summary>Parses <c>host:port</c>, <c>[::1]:port</c> or <c>scheme://host:port[/]</c>.</summary>
    /// <exception cref="ArgumentException">The text is none of those, or has no valid port.</exception>
    public static ProxyEndpoint Parse(string endpoint)
    {
        if (TryParse(endpoint, out var result))
        {
            return result;
        }

        throw new ArgumentException(
            $"'{endpoint}' is not an endpoint the fault proxy can forward to: expected host:port or scheme://host:port, e.g. 127.0.0.1:2379 or http://127.0.0.1:2379.",
            nameof(endpoint));
    }

    /// <summary>Parses like <see cref="Parse"/>; false instead of throwing.</summary>
    public static bool TryParse(string? endpoint, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProxyEndpoint? result)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return false;
        }

        var text = endpoint.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsDefaultPort || uri.Port <= 0 || uri.AbsolutePath.Length > 1)
            {
                return false;
            }

            result = new ProxyEndpoint(uri.Scheme, uri.Host.Trim('[', ']'), uri.Port);
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Length == 0 || host.Contains('/', StringComparison.Ordinal))
        {
            return false;
        }

        result = new ProxyEndpoint(null, host, port);
        return true;
    }

    /// <summary>The same form with another host and port (the proxy's).</summary>
    public ProxyEndpoint WithAddress(string host, int port) => this with { Host = host, Port = port };

    /// <inheritdoc />
    public override string ToString()
    {
        var host = Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host;
        return Scheme is null ? $"{host}:{Port}" : $"{Scheme}://{host}:{Port}";
    }
}
