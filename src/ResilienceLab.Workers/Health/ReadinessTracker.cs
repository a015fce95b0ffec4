using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ResilienceLab.Workers;

/// <summary>
/// Makes readiness follow the replica's session. Once the startup state is loaded it keeps the replica's one session open —
/// reopening it after it is lost, even when no worker needs it at that moment (all tasks done, election off), so that a
/// replica whose lease was lost becomes ready again as soon as a new lease is granted. At every change (session opened,
/// session lost, host stopping) it runs the checks tagged <see cref="ReplicaHealthConstants.ReadyTag"/>, logs a change of
/// readiness, and mirrors the result into <c>Replica:ReadyFile</c>: written while ready, deleted while not.
/// </summary>
/// <remarks>Registered after the workers, so on a graceful stop it is the first to stop: the replica stops being ready before it drains.</remarks>
internal sealed class ReadinessTracker(ReplicaRuntime runtime, HealthCheckService health, ILogger<ReadinessTracker> logger) : BackgroundService
{
    private bool _ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await runtime.Ready.WaitAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                // The provider retries while the store is unreachable; this returns once a lease is granted.
                var session = await runtime.GetSessionAsync(stoppingToken);
                await PublishAsync(stoppingToken);
                using var lostOrStopping = CancellationTokenSource.CreateLinkedTokenSource(session.Lost, stoppingToken);
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, runtime.Time, lostOrStopping.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Session {Session} lost: {Reason}", session.Id, session.LostReason);
                    await PublishAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // The host is stopping: the startup check now fails, so this withdraws the ready file.
            await PublishAsync(CancellationToken.None);
        }
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(r => r.Tags.Contains(ReplicaHealthConstants.ReadyTag), cancellationToken);
        var ready = report.Status == HealthStatus.Healthy;
        if (ready != _ready)
        {
            _ready = ready;
            var reasons = string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Description}"));
            if (ready)
            {
                logger.LogInformation("Readiness: ready ({Reasons})", reasons);
            }
            else
            {
                logger.LogWarning("Readiness: not ready ({Reasons})", reasons);
            }
        }

        if (string.IsNullOrEmpty(runtime.Options.ReadyFile))
        {
            return;
        }

        if (ready)
        {
            // Written beside it and renamed over it, so a probe never reads a half-written file.
            var written = runtime.Options.ReadyFile + ".tmp";
            await File.WriteAllTextAsync(written, $"{runtime.Name} {runtime.Sessions.Current?.Id}\n", CancellationToken.None);
            File.Move(written, runtime.Options.ReadyFile, overwrite: true);
        }
        else
        {
            File.Delete(runtime.Options.ReadyFile);
        }
    }
}
