using Microsoft.Extensions.DependencyInjection;

namespace ResilienceLab.Coordination;

/// <summary>Adds the coordination session to a service's health checks.</summary>
public static class CoordinationHealthCheckExtensions
{
    /// <summary>Adds <see cref="CoordinationHealthCheck"/> under <see cref="CoordinationHostingConstants.HealthCheckName"/>, tagged <c>ready</c>.</summary>
    public static IHealthChecksBuilder AddCoordinationHealthCheck(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<CoordinationHealthCheck>(CoordinationHostingConstants.HealthCheckName, tags: tags.Length > 0 ? tags : ["ready"]);
    }
}
