using Polly;
using Polly.Retry;

namespace ResilienceLab.Coordination;

/// <summary>
/// The retry of a lock's release on every backend: the release is a guarded delete (it never deletes a successor's
/// key), so it is idempotent, and a lost reply is retried rather than left as a held key that a live session would
/// keep alive forever. <see cref="Attempts"/> tries in all, 100 ms apart and doubling, on the caller's clock.
/// </summary>
public static class ReleaseRetry
{
    /// <summary>How often a release is tried before the caller is told its outcome is unknown.</summary>
    public const int Attempts = 5;

    /// <summary>The wait before the first retry; each next one doubles it.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs <paramref name="release"/> until it succeeds, throws what <paramref name="retryable"/> rejects, or has been
    /// tried <see cref="Attempts"/> times. An exception <paramref name="retryAtOnce"/> accepts is retried without the
    /// wait (the release learned something and can try again straight away); it still counts as an attempt.
    /// Continuations stay on the caller's context (a simulation's replica).
    /// </summary>
    public static async Task RunAsync(
        TimeProvider timeProvider,
        Func<CancellationToken, ValueTask> release,
        Func<Exception, bool> retryable,
        Func<Exception, bool>? retryAtOnce = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(retryable);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && (retryable(e) || retryAtOnce?.Invoke(e) == true)),
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstDelay,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is { } e && retryAtOnce?.Invoke(e) == true ? TimeSpan.Zero : null),
            })
            .Build();

        // Polly awaits with ConfigureAwait(false) unless told otherwise, which would leave a simulation's loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            await pipeline.ExecuteAsync(async ctx => await release(ctx.CancellationToken), context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
