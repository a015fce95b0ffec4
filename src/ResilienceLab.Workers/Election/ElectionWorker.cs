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

        // The primitives record leader.campaign, leader.write, leader.lost and leader.resign themselves.
        var election = session.CreateElection(WorkerConstants.ElectionName);
        long term;
        try
        {
            term = await election.CampaignAsync(runtime.Name, stoppingToken);
            logger.LogInformation("Leader {Replica} term {Term}", runtime.Name, term);
        }
        catch (Exception e) when (e is StoreException or SessionExpiredException or NotLeaderException)
        {
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
                try
                {
                    // A write already under way is not cancelled when leadership is lost (as the task worker's commits):
                    // the term fence decides, and the history gets a definite ok or rejection instead of an unknown outcome.
                    var heartbeat = $"{runtime.Name}:{term}:{beat}";
                    if (runtime.Options.SeededBug == SeededBug.LeaderHeartbeatPlainPut)
                    {
                        await PlainPutAsync(heartbeat, term, stoppingToken);
                    }
                    else
                    {
                        await election.FencedPutAsync(WorkerConstants.HeartbeatKey, heartbeat, stoppingToken);
                    }

                    leading.Token.ThrowIfCancellationRequested();
                }
                catch (NotLeaderException)
                {
                    break;
                }
                catch (StoreException)
                {
                    // Unavailable (retried next beat) or unknown outcome (the fence decides whether it applied).
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
            await ResignAsync(election);
            throw;
        }
    }

    /// <summary>BUG (mutation testing): the heartbeat as a plain put, recorded by hand as the leader write it is meant to be.</summary>
    private async Task PlainPutAsync(string heartbeat, long term, CancellationToken cancellationToken)
    {
        var op = runtime.Recorder.Invoke(HistoryOps.LeaderWrite, WorkerConstants.HeartbeatKey, heartbeat, token: term);
        try
        {
            op.Ok(revision: await runtime.Uninstrumented.PutAsync(WorkerConstants.HeartbeatKey, heartbeat, cancellationToken));
        }
        catch (Exception e) when (e is IndeterminateOutcomeException or OperationCanceledException)
        {
            op.Info(e.Message);
            throw;
        }
        catch (StoreException e)
        {
            op.Fail(e.Message);
            throw;
        }
    }

    private static async Task ResignAsync(ILeaderElection election)
    {
        try
        {
            await election.ResignAsync();
        }
        catch (StoreException)
        {
            // Recorded by the primitive; the lease frees the leadership after its TTL.
        }
    }

    private async Task ObserveAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The backend records every leader it observes (leader.observed).
                await foreach (var leader in runtime.Coordination.ObserveLeaderAsync(WorkerConstants.ElectionName, stoppingToken))
                {
                    logger.LogDebug("Observed leader {Leader} term {Term}", leader?.Value, leader?.Term);
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
