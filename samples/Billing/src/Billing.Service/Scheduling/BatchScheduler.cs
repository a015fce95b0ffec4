using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>
/// Campaigns for the scheduler election; while leader, schedules invoice batches: every
/// <see cref="BillingOptions.ScheduleInterval"/> it writes the next batch (if one is due) with a put fenced by its term,
/// so a deposed leader that has not noticed yet cannot schedule a duplicate batch. Resigns on stop so a peer leads at once.
/// </summary>
internal sealed class BatchScheduler(
    ICoordinationBackend backend,
    CoordinationSessionProvider sessions,
    BillingKeys keys,
    BillingReplica replica,
    TimeProvider time,
    IOptions<BillingOptions> options,
    RevenueLedger ledger,
    ILogger<BatchScheduler> logger) : BackgroundService
{
    private readonly BillingOptions _options = options.Value;
    private readonly DeterministicRandom _random = replica.Random.Fork("scheduler");
    private long _summarizedTerm;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await CampaignAndLeadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the candidacy was resigned on the way out.
        }
    }

    private async Task CampaignAndLeadAsync(CancellationToken stoppingToken)
    {
        ILeaderElection election;
        long term;
        try
        {
            var session = await sessions.GetSessionAsync(stoppingToken);

            // The primitives record leader.campaign, leader.write, leader.lost and leader.resign themselves.
            election = session.CreateElection(keys.SchedulerElection);
            term = await election.CampaignAsync(replica.Name, stoppingToken);
        }
        catch (Exception e) when (e is StoreException or SessionExpiredException or NotLeaderException)
        {
            // The store is unreachable or the session went while campaigning: try again shortly.
            await Task.Delay(_options.ScheduleInterval, time, stoppingToken);
            return;
        }

        logger.LogInformation("{Replica} schedules batches (term {Term})", replica.Name, term);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, election.LeadershipLost);
        try
        {
            while (true)
            {
                await ScheduleDueBatchAsync(election, leading.Token);
                await Task.Delay(_options.ScheduleInterval, time, leading.Token);
            }
        }
        catch (Exception e) when (e is NotLeaderException or SessionExpiredException)
        {
            // Deposed: the fence rejected the write, or the session (and with it the leadership) went mid-call.
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

    private async Task ScheduleDueBatchAsync(ILeaderElection election, CancellationToken cancellationToken)
    {
        try
        {
            var progress = await BatchProgress.ReadAsync(backend, keys, cancellationToken);
            if (BatchPlanner.Next(progress, _options, _random) is { } batch)
            {
                await election.FencedPutAsync(keys.Batch(batch.Id), batch.Format(), cancellationToken);
                logger.LogInformation("Scheduled batch {Batch}: {Invoices} invoices, {Amount} cents", batch.Id, batch.Invoices, batch.AmountCents);
            }
            else if (progress.Batches.Count >= _options.MaxBatches && !progress.Open.Any() && _summarizedTerm != election.Term)
            {
                // The run is billed: each leader reports it once. The read is recorded (counter.read), and is what the
                // lost-updates check compares the acknowledged increments with.
                var sent = await ledger.ChunksSentAsync(cancellationToken);
                _summarizedTerm = election.Term;
                logger.LogInformation("Billing run complete: {Batches} batches, {Revenue} cents, {Chunks} chunks sent", progress.Batches.Count, progress.Revenue.TotalCents, sent);
            }
        }
        catch (StoreException e)
        {
            // Unavailable, or the reply was lost (the next round reads whether the batch is there).
            logger.LogDebug("Scheduling failed: {Error}", e.Message);
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
}
