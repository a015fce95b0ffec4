using Polly;

namespace ResilienceLab.Coordination;

/// <summary>The read-modify-write loop every <see cref="ICasRegister"/> shares.</summary>
public static class CasRegisterExtensions
{
    /// <summary>
    /// Read-modify-write until it commits: read, compute <paramref name="update"/>, CAS; on conflict back off (the
    /// <paramref name="retry"/> pipeline decides how long and how often) and start over. Returns the value committed
    /// and its revision; throws <see cref="CasConflictException"/> when the retries are used up.
    /// </summary>
    public static async Task<(string Value, long Revision)> UpdateAsync(this ICasRegister register, Func<string?, string> update, ResiliencePipeline<(string, long)?> retry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(retry);

        // Polly awaits with ConfigureAwait(false) unless told otherwise; on a SynchronizationContext that sends its
        // continuations to the thread pool, which would take a deterministic simulation off its loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            var committed = await retry.ExecuteAsync(
                async ctx =>
                {
                    var current = await register.ReadAsync(ctx.CancellationToken);
                    var next = update(current.Value);
                    var revision = await register.CompareAndSwapAsync(current.ModRevision, next, ctx.CancellationToken);
                    return revision is { } r ? (next, r) : ((string, long)?)null;
                },
                context);
            return committed ?? throw new CasConflictException(register.Key);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
