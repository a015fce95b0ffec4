using System.Net;
using Microsoft.Extensions.Options;

namespace ResilienceLab.Worker;

/// <summary>Validates <see cref="HealthEndpointOptions"/>, reporting every problem with its configuration path.</summary>
public sealed class HealthEndpointOptionsValidator : IValidateOptions<HealthEndpointOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthEndpointOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem, as "Health:Key: message".</summary>
    public static IEnumerable<string> Errors(HealthEndpointOptions options)
    {
        const string Section = HealthEndpointConstants.Section;
        if (options.Port is { } port && (port < HealthEndpointConstants.MinimumPort || port > IPEndPoint.MaxPort))
        {
            yield return $"{Section}:Port: {port} is out of range; use {HealthEndpointConstants.MinimumPort}-{IPEndPoint.MaxPort} (a non-root process without capabilities cannot bind ports below 1024), e.g. 8080, or leave it unset for no endpoint.";
        }

        if (options.Address != HealthEndpointConstants.AnyAddress && !IPAddress.TryParse(options.Address, out _))
        {
            yield return $"{Section}:Address: '{options.Address}' is not an IP address; use '{HealthEndpointConstants.AnyAddress}' (every interface) or a literal such as 127.0.0.1.";
        }
    }
}
