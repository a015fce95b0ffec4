using Microsoft.Extensions.Hosting;

namespace ResilienceLab.Worker;

/// <summary>
/// The health server's host lifetime: none of its own. The default (ConsoleLifetime) would install a second SIGTERM
/// handler and stop the probes' server while the replica is still draining; the worker's host stops it instead.
/// </summary>
internal sealed class HealthEndpointLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
