using System.Runtime.CompilerServices;
using Polly;

namespace ResilienceLab.Coordination;

/// <summary>A register's value and the mod revision it was read at (0 when the key is missing).</summary>
public sealed record RegisterValue(string? Value, long ModRevision, long Revision);

/// <summary>
/// A compare-and-swap register on one key of an etcd-semantics store: read (value, mod revision), write in a txn
/// guarded by the mod revision. <see cref="UpdateAsync"/> is the CAS loop with Polly back-off on conflict. The etcd
/// implementation of <see cref="ICasRegister"/>.
/// </summary>
public sealed class CasRegister(IKeyValueStore store, string key) : ICasRegister, IPooledCasRegister
{
    /// <summary>The register's key.</summary>
    public string Key { get; } = key;

    /// <summary>Reads the value and its mod revision.</summary>
    public Task<RegisterValue> ReadAsync(CancellationToken cancellationToken = default) => ((IPooledCasRegister)this).ReadCoreAsync(cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<RegisterValue> IPooledCasRegister.ReadCoreAsync(CancellationToken cancellationToken)
    {
        var result = await store.GetDirectAsync(Key, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new RegisterValue(result.Single?.Value, result.Single?.ModRevision ?? 0, result.Revision);
    }

    /// <summary>The compare that holds while the register is still at <paramref name="modRevision"/> (0: still missing).</summary>
    public Compare Unchanged(long modRevision) => Compare.ModRevisionIs(Key, CompareOperator.Equal, modRevision);

    /// <summary>Writes <paramref name="value"/> if the register is still at <paramref name="expectedModRevision"/>; returns the new mod revision, or null on conflict.</summary>
    public Task<long?> CompareAndSwapAsync(long expectedModRevision, string value, CancellationToken cancellationToken = default) =>
        ((IPooledCasRegister)this).CompareAndSwapCoreAsync(expectedModRevision, value, cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<long?> IPooledCasRegister.CompareAndSwapCoreAsync(long expectedModRevision, string value, CancellationToken cancellationToken)
    {
        // The request in one step, not If(…).Then(…): each builder step copies the request, on every CAS of every replica.
        var result = await store.TxnDirectAsync(new TxnRequest([Unchanged(expectedModRevision)], [new TxnOp.Put(Key, value)], []), cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Revision : null;
    }

    /// <summary>Read-modify-write until it commits (see <see cref="CasRegisterExtensions.UpdateAsync"/>).</summary>
    public Task<(string Value, long Revision)> UpdateAsync(Func<string?, string> update, ResiliencePipeline<(string, long)?> retry, CancellationToken cancellationToken = default) =>
        CasRegisterExtensions.UpdateAsync(this, update, retry, cancellationToken);

    /// <summary>The usual pipeline for <see cref="UpdateAsync"/> (see <see cref="CasRetry.OnConflict"/>).</summary>
    public static ResiliencePipeline<(string, long)?> ConflictRetry(TimeProvider timeProvider, DeterministicRandom random, int maxAttempts = 50, TimeSpan? baseDelay = null) =>
        CasRetry.OnConflict(timeProvider, random, maxAttempts, baseDelay);
}

/// <summary>A CAS update gave up after its retries all conflicted.</summary>
public sealed class CasConflictException(string key) : Exception($"Compare-and-swap on '{key}' kept conflicting; gave up after the retry budget.")
{
    public string Key { get; } = key;
}
