using System.Globalization;
using Microsoft.Extensions.Hosting;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Testing.Tests;

/// <summary>
/// A small team service written against the packages only: replicas claim jobs <c>/jobs/&lt;n&gt;</c> under TTL locks and work
/// through their steps with fenced checkpoints, stopping the moment the lock is lost. <see cref="Unfenced"/> is the bug
/// teams ship: the checkpoint is written with a plain put (recorded by hand, as such code would), so a holder paused past
/// its TTL overwrites its successor's progress.
/// </summary>
internal sealed class JobWorker(ICoordinationBackend backend, CoordinationSessionProvider sessions, TimeProvider time, DeterministicRandom random, HistoryRecorder history, JobWorkerOptions options) : BackgroundService
{
    public const int Jobs = 4;

    public const int Steps = 30;

    public static readonly TimeSpan StepTime = TimeSpan.FromMilliseconds(200);

    public bool Unfenced => options.Unfenced;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var job = random.Next(Jobs);
            try
            {
                var session = await sessions.GetSessionAsync(stoppingToken);
                var handle = await session.CreateLock($"/locks/jobs/{job}").TryAcquireAsync(stoppingToken);
                if (handle is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(300), time, stoppingToken);
                    continue;
                }

                await WorkAsync($"/jobs/{job}", handle, stoppingToken);
            }
            catch (Exception e) when (e is StoreException or SessionExpiredException or LockLostException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), time, stoppingToken);
            }
        }
    }

    private async Task WorkAsync(string key, ILockHandle handle, CancellationToken stoppingToken)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, handle.Lost);
        try
        {
            while (true)
            {
                var checkpoint = await backend.ReadAsync(key, work.Token);
                var step = int.TryParse(checkpoint.Single?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 0;
                if (step >= Steps)
                {
                    break;
                }

                await Task.Delay(StepTime, time, work.Token);
                var committed = Unfenced
                    ? await UnfencedCommitAsync(key, step + 1, handle.Token, stoppingToken)
                    : await handle.CommitCheckpointAsync(key, step + 1, Steps, checkpoint.Single?.Revision ?? 0, stoppingToken);
                if (committed is null)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
        {
            // The lock was lost: stop at once; a peer resumes from the last checkpoint.
        }
        finally
        {
            if (!handle.Lost.IsCancellationRequested)
            {
                try
                {
                    await handle.ReleaseAsync(CancellationToken.None);
                }
                catch (StoreException)
                {
                }
            }
        }
    }

    private async Task<long?> UnfencedCommitAsync(string key, int step, long token, CancellationToken cancellationToken)
    {
        var value = step.ToString(CultureInfo.InvariantCulture);
        var op = history.Invoke(HistoryOps.TaskCommit, key, value, (step - 1).ToString(CultureInfo.InvariantCulture), token);
        try
        {
            var revision = await backend.PutAsync(key, value, cancellationToken);
            op.Ok(revision: revision);
            return revision;
        }
        catch (Exception e)
        {
            op.Info(e.Message);
            throw;
        }
    }
}

/// <summary>The test service's switch.</summary>
internal sealed class JobWorkerOptions
{
    public bool Unfenced { get; init; }
}
