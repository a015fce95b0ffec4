using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ResilienceLab.Coordination;

/// <summary>
/// Healthy while the service's session is alive (its lease is being renewed): a replica whose session is lost holds no
/// locks and leads nothing, so it must not report ready until a new session is open. Registered by
/// <see cref="CoordinationHealthCheckExtensions.AddCoordinationHealthCheck"/>.
/// </summary>
public sealed class CoordinationHealthCheck(CoordinationSessionProvider sessions) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(sessions.Current is { } session
            ? HealthCheckResult.Healthy($"session {session.Id} alive (TTL {session.Ttl.TotalSeconds:0.###} s)")
            : HealthCheckResult.Unhealthy("no live coordination session: none opened yet, or it was lost (lease expired or revoked)"));
}
