using Microsoft.Extensions.Hosting;

namespace ResilienceLab.Coordination;

/// <summary>Closes the service's session when the host stops (after the hosted services registered later have stopped).</summary>
internal sealed class CoordinationSessionLifetime(CoordinationSessionProvider sessions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => sessions.CloseAsync(cancellationToken);
}
