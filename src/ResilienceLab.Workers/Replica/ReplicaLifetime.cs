using Microsoft.Extensions.Hosting;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// Registered before the workers: on start it loads the startup state (the host is not ready, and the workers do
/// not start, until it has); on stop — after the workers have stopped, released their locks and resigned — it
/// revokes the replica's lease so nothing of it lingers until a TTL runs out.
/// </summary>
public sealed class ReplicaLifetime(ReplicaRuntime runtime, StartupStateLoader loader) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => loader.LoadAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runtime.CloseAsync(cancellationToken);
        runtime.Recorder.Event(HistoryOps.ProcessStop);
    }
}
