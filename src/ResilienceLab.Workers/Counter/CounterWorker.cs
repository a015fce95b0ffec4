using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// Increments the shared counter <c>/counter</c> a configured number of times. Mode <c>cas</c>: a CAS loop with
/// Polly back-off on conflict, so no increment is lost. Mode <c>unsafe</c> (negative control): read, wait
/// <see cref="CounterWorkerOptions.ReadWriteGap"/>, put — concurrent increments overwrite each other.
/// Each increment is recorded with the value this worker believes the counter reached.
/// </summary>
public sealed class CounterWorker(ReplicaRuntime runtime, ILogger<CounterWorker> logger) : BackgroundService
{
    private readonly CounterWorkerOptions _options = runtime.Options.Counter;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>The worker loop (the simulation calls it directly).</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        await runtime.Ready.WaitAsync(stoppingToken);
        var register = runtime.Coordination.Register(WorkerConstants.CounterKey);
        var retry = CasRetry.OnConflict(runtime.Time, runtime.Random.Fork("counter-retry"));
        var done = 0;
        try
        {
            while (done < _options.Increments)
            {
                if (await IncrementAsync(register, retry, stoppingToken))
                {
                    done++;
                }

                await Task.Delay(_options.Interval, runtime.Time, stoppingToken);
            }

            logger.LogInformation("Counter worker {Replica} finished {Count} increments", runtime.Name, done);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One increment; true when it is known to have applied or may have (it is not retried blindly then).</summary>
    private async Task<bool> IncrementAsync(ICasRegister register, ResiliencePipeline<(string, long)?> retry, CancellationToken cancellationToken)
    {
        var op = runtime.Recorder.Invoke(HistoryOps.CounterIncrement, WorkerConstants.CounterKey);
        try
        {
            if (_options.Mode == CounterMode.Cas)
            {
                var (value, revision) = await register.UpdateAsync(v => (Parse(v) + 1).ToString(), retry, cancellationToken);
                op.Ok(value, revision: revision);
            }
            else
            {
                var current = await register.ReadAsync(cancellationToken);
                await Task.Delay(_options.ReadWriteGap, runtime.Time, cancellationToken);
                var next = (Parse(current.Value) + 1).ToString();
                var revision = await runtime.Coordination.PutAsync(WorkerConstants.CounterKey, next, cancellationToken);
                op.Ok(next, revision: revision);
            }

            return true;
        }
        catch (IndeterminateOutcomeException e)
        {
            op.Info(e.Message);
            return true;
        }
        catch (Exception e) when (e is StoreUnavailableException or CasConflictException)
        {
            op.Fail(e.Message);
            await Task.Delay(TimeSpan.FromMilliseconds(100), runtime.Time, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            op.Info("cancelled while the increment was in flight");
            throw;
        }
    }

    private static long Parse(string? value) => long.TryParse(value, out var n) ? n : 0;
}
