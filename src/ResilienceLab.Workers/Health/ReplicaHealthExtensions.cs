using Microsoft.Extensions.DependencyInjection;
using ResilienceLab.Coordination;

namespace ResilienceLab.Workers;

/// <summary>The replica's health checks (docs/worker.md, "Health").</summary>
internal static class ReplicaHealthExtensions
{
    /// <summary>
    /// Registers the replica runtime's session provider as the service's <see cref="CoordinationSessionProvider"/> (one
    /// session per replica, not a second one), the checks — <see cref="ReplicaHealthConstants.StartupCheckName"/> (tagged
    /// startup and ready) and the coordination session (tagged ready) — and the <see cref="ReadinessTracker"/>. Call after
    /// the workers are registered, so the tracker stops first.
    /// </summary>
    public static IServiceCollection AddReplicaHealth(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<ReplicaRuntime>().Sessions);
        services.AddHealthChecks()
            .AddCheck<ReplicaStartupHealthCheck>(ReplicaHealthConstants.StartupCheckName, tags: [ReplicaHealthConstants.StartupTag, ReplicaHealthConstants.ReadyTag])
            .AddCoordinationHealthCheck(ReplicaHealthConstants.ReadyTag);
        services.AddHostedService<ReadinessTracker>();
        return services;
    }
}
