using Polly;
using Polly.Retry;
using Microsoft.Extensions.Logging;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>What a replica read from the store before becoming ready.</summary>
public sealed record StartupState(long Revision, string? Config, IReadOnlyDictionary<string, int> TaskProgress);

/// <summary>
/// Reads the replica's configuration and the tasks' checkpoints from the store before the replica becomes
/// ready ("the service reads its state from the global store, then becomes available"). Retries with capped
/// exponential back-off while the store is unreachable; then signals that the startup state is loaded: the history
/// event <c>process.ready</c>, the log line <c>READY replica=… revision=…</c>, and <see cref="ReplicaRuntime.Ready"/>.
/// The ready file is the <see cref="ReadinessTracker"/>'s: it appears once the replica's session is open too, and goes
/// while the session is lost.
/// </summary>
public sealed class StartupStateLoader(ReplicaRuntime runtime, ILogger<StartupStateLoader> logger)
{
    /// <summary>The wait before the first retry; it doubles (with seeded jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    public async Task<StartupState> LoadAsync(CancellationToken cancellationToken)
    {
        runtime.Recorder.Event(HistoryOps.ProcessStart, details: new Dictionary<string, string> { ["ttl"] = runtime.Options.LockTtl.ToString() });
        if (!string.IsNullOrEmpty(runtime.Options.ReadyFile))
        {
            // A file left by a previous incarnation (a restarted container) must not report this one ready early.
            File.Delete(runtime.Options.ReadyFile);
        }

        var attempts = 0;
        var retry = new ResiliencePipelineBuilder<StartupState> { TimeProvider = runtime.Time }
            .AddRetry(new RetryStrategyOptions<StartupState>
            {
                // Until the store answers (or the replica stops): a replica that gives up here would never become ready.
                ShouldHandle = new PredicateBuilder<StartupState>().Handle<StoreException>(e => e is not StoreAccessDeniedException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstRetryDelay,
                MaxDelay = MaxRetryDelay,
                UseJitter = true,
                Randomizer = runtime.Random.NextDouble,
                OnRetry = args =>
                {
                    logger.LogWarning("Startup state not loaded (attempt {Attempt}): {Error}; retrying in {Backoff}", args.AttemptNumber + 1, args.Outcome.Exception?.Message, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

        // Polly awaits with ConfigureAwait(false) unless told otherwise, which would leave a simulation's loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            var state = await retry.ExecuteAsync(
                async ctx =>
                {
                    attempts++;
                    var config = await runtime.Coordination.ReadAsync(WorkerConstants.ConfigKey, ctx.CancellationToken);
                    var tasks = await runtime.Coordination.ReadPrefixAsync(WorkerConstants.TasksPrefix, ctx.CancellationToken);
                    var progress = tasks.Entries.ToDictionary(kv => kv.Key, kv => int.TryParse(kv.Value, out var step) ? step : 0, StringComparer.Ordinal);
                    return new StartupState(tasks.Revision, config.Single?.Value, progress);
                },
                context);
            Signal(state, attempts);
            return state;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void Signal(StartupState state, int attempts)
    {
        var done = state.TaskProgress.Values.Count(step => step >= runtime.Options.Tasks.Steps);
        runtime.Recorder.Event(HistoryOps.ProcessReady, revision: state.Revision, details: new Dictionary<string, string>
        {
            ["attempts"] = attempts.ToString(),
            ["tasksKnown"] = state.TaskProgress.Count.ToString(),
            ["tasksDone"] = done.ToString(),
        });
        logger.LogInformation("READY replica={Replica} revision={Revision} tasksKnown={Known} tasksDone={Done}", runtime.Name, state.Revision, state.TaskProgress.Count, done);
        runtime.MarkReady();
    }
}
