using Polly;
using Polly.Retry;

namespace ResilienceLab.Coordination;

/// <summary>A register's value and the mod revision it was read at (0 when the key is missing).</summary>
public sealed record RegisterValue(string? Value, long ModRevision, long Revision);

/// <summary>
/// A compare-and-swap register on one key: read (value, mod revision), write only if the mod revision is
/// unchanged. <see cref="UpdateAsync"/> is the CAS loop with Polly back-off on conflict.
/// </summary>
public sealed class CasRegister(IKeyValueStore store, string key)
{
    /// <summary>The register's key.</summary>
    public string Key { get; } = key;

    /// <summary>Reads the value and its mod revision.</summary>
    public async Task<RegisterValue> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = await store.GetAsync(Key, cancellationToken: cancellationToken);
        return new RegisterValue(result.Single?.Value, result.Single?.ModRevision ?? 0, result.Revision);
    }

    /// <summary>The compare that holds while the register is still at <paramref name="modRevision"/> (0: still missing).</summary>
    public Compare Unchanged(long modRevision) => Compare.ModRevisionIs(Key, CompareOperator.Equal, modRevision);

    /// <summary>Writes <paramref name="value"/> if the register is still at <paramref name="expectedModRevision"/>; returns the new mod revision, or null on conflict.</summary>
    public async Task<long?> CompareAndSwapAsync(long expectedModRevision, string value, CancellationToken cancellationToken = default)
    {
        var result = await store.TxnAsync(TxnRequest.If(Unchanged(expectedModRevision)).Then(new TxnOp.Put(Key, value)), cancellationToken);
        return result.Succeeded ? result.Revision : null;
    }

    /// <summary>
    /// Read-modify-write until it commits: read, compute <paramref name="update"/>, CAS; on conflict back off (the
    /// <paramref name="retry"/> pipeline decides how long and how often) and start over. Returns the value committed.
    /// </summary>
    public async Task<(string Value, long Revision)> UpdateAsync(Func<string?, string> update, ResiliencePipeline<(string, long)?> retry, CancellationToken cancellationToken = default)
    {
        // Polly awaits with ConfigureAwait(false) unless told otherwise; on a SynchronizationContext that sends its
        // continuations to the thread pool, which would take a deterministic simulation off its loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            var committed = await retry.ExecuteAsync(
                async ctx =>
                {
                    var current = await ReadAsync(ctx.CancellationToken);
                    var next = update(current.Value);
                    var revision = await CompareAndSwapAsync(current.ModRevision, next, ctx.CancellationToken);
                    return revision is { } r ? (next, r) : ((string, long)?)null;
                },
                context);
            return committed ?? throw new CasConflictException(Key);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The usual pipeline for <see cref="UpdateAsync"/>: retry conflicts with exponential back-off and (seeded) jitter.</summary>
    public static ResiliencePipeline<(string, long)?> ConflictRetry(TimeProvider timeProvider, DeterministicRandom random, int maxAttempts = 50, TimeSpan? baseDelay = null) =>
        new ResiliencePipelineBuilder<(string, long)?> { TimeProvider = timeProvider }
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

/// <summary>A CAS update gave up after its retries all conflicted.</summary>
public sealed class CasConflictException(string key) : Exception($"Compare-and-swap on '{key}' kept conflicting; gave up after the retry budget.")
{
    public string Key { get; } = key;
}
