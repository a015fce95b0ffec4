using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ResilienceLab.Worker;

/// <summary>Registers the worker's HTTP health endpoint.</summary>
public static class HealthEndpointExtensions
{
    /// <summary>
    /// Binds <see cref="HealthEndpointOptions"/> from the <c>Health</c> section (validated on start) and adds the endpoint
    /// serving the health checks the replica registers. Call before <c>AddReplica</c>, so the endpoint starts first (probes
    /// get 503 rather than a refused connection while the startup state loads) and stops last.
    /// </summary>
    public static IHostApplicationBuilder AddHealthEndpoint(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HealthEndpointOptions>().BindConfiguration(HealthEndpointConstants.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HealthEndpointOptions>, HealthEndpointOptionsValidator>();
        builder.Services.AddHealthChecks();
        builder.Services.AddHostedService<HealthEndpoint>();
        return builder;
    }
}
