using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Billing.Service;

/// <summary>
/// Publishes readiness as a file for an exec probe (<c>test -f</c>): created while healthy, deleted as soon as a report is
/// not — so a replica whose session is lost stops being ready. A file rather than an HTTP endpoint because the pod then
/// needs no listening port at all, which suits the restricted Pod Security profile (read-only root file system with a
/// writable emptyDir for the file).
/// </summary>
internal sealed class ReadyFilePublisher(IOptions<ReadyFileOptions> options) : IHealthCheckPublisher
{
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        if (options.Value.Path is not { Length: > 0 } path)
        {
            return Task.CompletedTask;
        }

        if (report.Status == HealthStatus.Healthy)
        {
            File.WriteAllText(path, "ready\n");
        }
        else
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }
}
