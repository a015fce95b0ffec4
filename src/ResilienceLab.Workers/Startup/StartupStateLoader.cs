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
    public async Task<StartupState> LoadAsync(CancellationToken cancellationToken)
    {
        runtime.Recorder.Event(HistoryOps.ProcessStart, details: new Dictionary<string, string> { ["ttl"] = runtime.Options.LockTtl.ToString() });
        if (!string.IsNullOrEmpty(runtime.Options.ReadyFile))
        {
            // A file left by a previous incarnation (a restarted container) must not report this one ready early.
            File.Delete(runtime.Options.ReadyFile);
        }

        var backoff = TimeSpan.FromMilliseconds(100);
        var attempt = 0;
        while (true)
        {
            attempt++;
            try
            {
                var config = await runtime.Coordination.ReadAsync(WorkerConstants.ConfigKey, cancellationToken);
                var tasks = await runtime.Coordination.ReadPrefixAsync(WorkerConstants.TasksPrefix, cancellationToken);
                var progress = tasks.Entries.ToDictionary(kv => kv.Key, kv => int.TryParse(kv.Value, out var step) ? step : 0, StringComparer.Ordinal);
                var state = new StartupState(tasks.Revision, config.Single?.Value, progress);
                Signal(state, attempt);
                return state;
            }
            catch (StoreException e) when (e is not StoreAccessDeniedException)
            {
                logger.LogWarning("Startup state not loaded (attempt {Attempt}): {Error}; retrying in {Backoff}", attempt, e.Message, backoff);
                await Task.Delay(runtime.Random.Jitter(backoff, backoff / 4), runtime.Time, cancellationToken);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
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
