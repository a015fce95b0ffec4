using System.Runtime.CompilerServices;
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
    public static Task<(string Value, long Revision)> UpdateAsync(this ICasRegister register, Func<string?, string> update, ResiliencePipeline<(string, long)?> retry, CancellationToken cancellationToken = default) =>
        UpdateCoreAsync(register, update, retry, cancellationToken).AsTask();

    /// <summary><see cref="UpdateAsync"/> for the library's own callers (the CAS counter): a pooled task, awaited once.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal static async ValueTask<(string Value, long Revision)> UpdateCoreAsync(ICasRegister register, Func<string?, string> update, ResiliencePipeline<(string, long)?> retry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(register);
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(retry);

        // Polly awaits with ConfigureAwait(false) unless told otherwise; on a SynchronizationContext that sends its
        // continuations to the thread pool, which would take a deterministic simulation off its loop.
        var context = ResilienceContextPool.Shared.Get(continueOnCapturedContext: true, cancellationToken);
        try
        {
            // The outcome form of the pipeline: one attempt is one pooled state machine, not a closure, a lambda's
            // state machine and Polly's wrapper turning its task into an outcome (docs/benchmarks.md, seventh pass).
            var outcome = await retry.ExecuteOutcomeAsync(static (ctx, state) => AttemptAsync(state.Register, state.Update, ctx.CancellationToken), context, (Register: register, Update: update));
            outcome.ThrowIfException();
            return outcome.Result ?? throw new CasConflictException(register.Key);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One read, compute and swap: the committed value and revision, or null on conflict; a failure is the outcome's exception.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<(string, long)?>> AttemptAsync(ICasRegister register, Func<string?, string> update, CancellationToken cancellationToken)
    {
        try
        {
            var current = await register.ReadCoreAsync(cancellationToken).ConfigureAwait(false);
            var next = update(current.Value);
            var revision = await register.CompareAndSwapCoreAsync(current.ModRevision, next, cancellationToken).ConfigureAwait(false);
            return Outcome.FromResult<(string, long)?>(revision is { } r ? (next, r) : null);
        }
        catch (Exception e)
        {
            // The outcome form's contract: the callback reports a failure, it does not throw.
            return Outcome.FromException<(string, long)?>(e);
        }
    }
}
