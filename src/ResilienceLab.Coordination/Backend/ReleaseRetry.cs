using System.Runtime.CompilerServices;
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
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(retryable);

        // Polly awaits with ConfigureAwait(false) unless told otherwise, which would leave a simulation's loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        context.Properties.Set(Retryable, retryable);
        context.Properties.Set(RetryAtOnce, retryAtOnce);
        try
        {
            await Pipelines.GetValue(timeProvider, Build).ExecuteAsync(static (ctx, release) => release(ctx.CancellationToken), context, release);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    // One pipeline per clock, built on first use: building one (options validation included) cost more than the release
    // itself. The call's predicates travel in its context.
    private static readonly ConditionalWeakTable<TimeProvider, ResiliencePipeline> Pipelines = [];
    private static readonly ResiliencePropertyKey<Func<Exception, bool>> Retryable = new("reslab.release.retryable");
    private static readonly ResiliencePropertyKey<Func<Exception, bool>?> RetryAtOnce = new("reslab.release.retry-at-once");

    private static ResiliencePipeline Build(TimeProvider timeProvider) =>
        new ResiliencePipelineBuilder { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && (args.Context.Properties.GetValue(Retryable, null!)(e) || AtOnce(args.Context, e))),
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstDelay,
                UseJitter = false,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is { } e && AtOnce(args.Context, e) ? TimeSpan.Zero : null),
            })
            .Build();

    private static bool AtOnce(ResilienceContext context, Exception e) => context.Properties.GetValue(RetryAtOnce, null)?.Invoke(e) == true;
}
