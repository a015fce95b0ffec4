using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// Campaigns in the replicas' election; while leader it writes a heartbeat fenced by its term (leader-only work
/// that a deposed leader cannot do), and it records who it observes leading. Resigns on graceful stop so a
/// peer is elected at once.
/// </summary>
public sealed class ElectionWorker(ReplicaRuntime runtime, ILogger<ElectionWorker> logger) : BackgroundService
{
    private readonly ElectionWorkerOptions _options = runtime.Options.Election;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>The worker loop (the simulation calls it directly).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        await runtime.Ready.WaitAsync(stoppingToken);
        var observer = ObserveAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await CampaignAndLeadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await observer;
    }

    private async Task CampaignAndLeadAsync(CancellationToken stoppingToken)
    {
        ICoordinationSession session;
        try
        {
            session = await runtime.GetSessionAsync(stoppingToken);
        }
        catch (StoreException)
        {
            return;
        }

        var election = session.CreateElection(WorkerConstants.ElectionName);
        var campaign = runtime.Recorder.Invoke(HistoryOps.LeaderCampaign, WorkerConstants.ElectionName, runtime.Name);
        long term;
        try
        {
            term = await election.CampaignAsync(runtime.Name, stoppingToken);
            campaign.Ok(runtime.Name, term, term);
            logger.LogInformation("Leader {Replica} term {Term}", runtime.Name, term);
        }
        catch (OperationCanceledException)
        {
            campaign.Fail("stopping");
            throw;
        }
        catch (Exception e) when (e is StoreException or SessionExpiredException or NotLeaderException)
        {
            campaign.Fail(e.Message);
            await Task.Delay(_options.HeartbeatInterval, runtime.Time, stoppingToken);
            return;
        }

        await LeadAsync(election, term, stoppingToken);
    }

    private async Task LeadAsync(ILeaderElection election, long term, CancellationToken stoppingToken)
    {
        var beat = 0L;
        try
        {
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, election.LeadershipLost);
            while (true)
            {
                beat++;
                var value = $"{runtime.Name}:{term}:{beat}";
                var op = runtime.Recorder.Invoke(HistoryOps.LeaderHeartbeat, WorkerConstants.HeartbeatKey, value, token: term);
                try
                {
                    var revision = await election.FencedPutAsync(WorkerConstants.HeartbeatKey, value, leading.Token);
                    op.Ok(revision: revision);
                }
                catch (NotLeaderException e)
                {
                    op.Fail(e.Message);
                    break;
                }
                catch (IndeterminateOutcomeException e)
                {
                    op.Info(e.Message);
                }
                catch (StoreUnavailableException e)
                {
                    op.Fail(e.Message);
                }
                catch (OperationCanceledException)
                {
                    op.Info("cancelled while the heartbeat was in flight");
                    throw;
                }

                await Task.Delay(_options.HeartbeatInterval, runtime.Time, leading.Token);
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Leadership lost (the key went, or the session expired).
        }
        catch (OperationCanceledException)
        {
            await ResignAsync(election, term);
            throw;
        }

        runtime.Recorder.Event(HistoryOps.LeaderLost, WorkerConstants.ElectionName, runtime.Name, term);
    }

    private async Task ResignAsync(ILeaderElection election, long term)
    {
        var op = runtime.Recorder.Invoke(HistoryOps.LeaderResign, WorkerConstants.ElectionName, runtime.Name, token: term);
        try
        {
            await election.ResignAsync();
            op.Ok();
        }
        catch (IndeterminateOutcomeException e)
        {
            op.Info(e.Message);
        }
        catch (StoreException e)
        {
            op.Fail(e.Message);
        }
    }

    private async Task ObserveAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var leader in runtime.Coordination.ObserveLeaderAsync(WorkerConstants.ElectionName, stoppingToken))
                {
                    runtime.Recorder.Event(HistoryOps.LeaderObserved, WorkerConstants.ElectionName, leader?.Value, leader?.Term);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (StoreException)
            {
                // The observer's stream broke: start over from a fresh snapshot after a pause.
            }

            try
            {
                await Task.Delay(_options.HeartbeatInterval, runtime.Time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
