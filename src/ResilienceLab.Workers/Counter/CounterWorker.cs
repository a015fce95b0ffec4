using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        var counter = runtime.Coordination.Counter(WorkerConstants.CounterKey, CasRetry.OnConflict(runtime.Time, runtime.Random.Fork("counter-retry")));
        var done = 0;
        try
        {
            while (done < _options.Increments)
            {
                if (await IncrementAsync(counter, stoppingToken))
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
    private async Task<bool> IncrementAsync(ICasCounter counter, CancellationToken cancellationToken)
    {
        try
        {
            if (_options.Mode == CounterMode.Cas)
            {
                // The counter primitive records counter.increment itself.
                await counter.IncrementAsync(cancellationToken);
            }
            else
            {
                await UnsafeIncrementAsync(cancellationToken);
            }

            return true;
        }
        catch (IndeterminateOutcomeException)
        {
            return true;
        }
        catch (Exception e) when (e is StoreUnavailableException or CasConflictException)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), runtime.Time, cancellationToken);
            return false;
        }
    }

    /// <summary>BUG (negative control): read, wait, put — as a hand-written counter would; it records its increments itself.</summary>
    private async Task UnsafeIncrementAsync(CancellationToken cancellationToken)
    {
        var op = runtime.Recorder.Invoke(HistoryOps.CounterIncrement, WorkerConstants.CounterKey);
        try
        {
            var current = await runtime.Uninstrumented.ReadAsync(WorkerConstants.CounterKey, cancellationToken);
            await Task.Delay(_options.ReadWriteGap, runtime.Time, cancellationToken);
            var next = (Parse(current.Single?.Value) + 1).ToString();
            var revision = await runtime.Uninstrumented.PutAsync(WorkerConstants.CounterKey, next, cancellationToken);
            op.Ok(next, revision: revision);
        }
        catch (IndeterminateOutcomeException e)
        {
            op.Info(e.Message);
            throw;
        }
        catch (StoreUnavailableException e)
        {
            op.Fail(e.Message);
            throw;
        }
        catch (OperationCanceledException)
        {
            op.Info("cancelled while the increment was in flight");
            throw;
        }
    }

    private static long Parse(string? value) => long.TryParse(value, out var n) ? n : 0;
}
