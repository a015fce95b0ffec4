using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ResilienceLab.Workers;

/// <summary>
/// Healthy once the replica has loaded its startup state, until the host starts stopping: a replica that has not read its
/// configuration and checkpoints yet, or is draining, must not be sent work (the other half of readiness is the
/// coordination session, <see cref="ResilienceLab.Coordination.CoordinationHealthCheck"/>).
/// </summary>
internal sealed class ReplicaStartupHealthCheck(ReplicaRuntime runtime, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            lifetime.ApplicationStopping.IsCancellationRequested ? HealthCheckResult.Unhealthy($"replica {runtime.Name} is stopping")
            : runtime.Ready.IsCompletedSuccessfully ? HealthCheckResult.Healthy($"replica {runtime.Name} loaded its startup state")
            : HealthCheckResult.Unhealthy($"replica {runtime.Name} has not loaded its startup state yet (is the store reachable?)"));
}
