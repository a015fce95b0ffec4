using Microsoft.Extensions.Configuration;

namespace ResilienceLab.Worker;

/// <summary>Reads and checks the OTLP settings the worker acts on.</summary>
internal static class WorkerTelemetry
{
    /// <summary>The configured OTLP endpoint, or null when export is off (unset or blank).</summary>
    public static string? OtlpEndpoint(IConfiguration configuration) =>
        configuration[WorkerTelemetryConstants.OtlpEndpointVariable] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Every problem with the OTLP settings, one line each (a malformed endpoint would otherwise fail only at the first export).</summary>
    public static IEnumerable<string> Errors(IConfiguration configuration)
    {
        if (OtlpEndpoint(configuration) is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)))
        {
            yield return $"{WorkerTelemetryConstants.OtlpEndpointVariable}: '{endpoint}' is not an http:// or https:// URL; give the collector's, e.g. http://otel-collector:4317, or unset it to export nothing.";
        }
    }
}
