using Polly;
using Polly.Retry;

namespace ResilienceLab.Coordination;

/// <summary>The retry pipeline for <see cref="CasRegisterExtensions.UpdateAsync"/>.</summary>
public static class CasRetry
{
    /// <summary>Retries conflicts (a null result) with exponential back-off and (seeded) jitter; store errors are not retried.</summary>
    public static ResiliencePipeline<(string, long)?> OnConflict(TimeProvider timeProvider, DeterministicRandom random, int maxAttempts = 50, TimeSpan? baseDelay = null)
    {
        ArgumentNullException.ThrowIfNull(random);
        return new ResiliencePipelineBuilder<(string, long)?> { TimeProvider = timeProvider }
            .AddRetry(new RetryStrategyOptions<(string, long)?>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is null && args.Outcome.Result is null),
                MaxRetryAttempts = maxAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay ?? TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(500),
                Randomizer = random.NextDouble,
            })
            .Build();
    }
}
