using Microsoft.Extensions.Hosting;

namespace ResilienceLab.Worker;

/// <summary>Checks the controller's lease every <see cref="AgentConstants.LeaseCheckInterval"/>; the agent heals and resumes when it has run out.</summary>
internal sealed class AgentLeaseWatchdog(FaultAgent agent, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(AgentConstants.LeaseCheckInterval, time, stoppingToken);
                agent.CheckLease();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
