using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Billing.Service;

/// <summary>Publishes the service's health checks as a ready file (see <see cref="ReadyFilePublisher"/>).</summary>
public static class ReadyFileExtensions
{
    /// <summary>
    /// Runs the checks tagged <c>ready</c> every <see cref="ReadyFileOptions.Period"/> and keeps <see cref="ReadyFileOptions.Path"/>
    /// in step with them. Process hosting only: the health-check publisher runs on a system timer, so the simulation leaves it out.
    /// </summary>
    public static IServiceCollection AddReadyFile(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ReadyFileOptions();
        configuration.Bind(options);
        services.Configure<ReadyFileOptions>(configuration);
        services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.Zero;
            o.Period = options.Period;
            o.Predicate = check => check.Tags.Contains("ready");
        });
        services.AddSingleton<IHealthCheckPublisher, ReadyFilePublisher>();
        return services;
    }
}
