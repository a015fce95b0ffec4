using System.Runtime.CompilerServices;

namespace ResilienceLab.Coordination;

/// <summary>
/// A held lock. <see cref="Token"/> is the fencing token: the create revision of the holder's key, which
/// only grows from holder to holder. <see cref="Guard"/> is the txn compare that holds only while this
/// holder still holds the lock — put it in front of every write the lock protects (a fenced write). The etcd
/// implementation of <see cref="ILockHandle"/>.
/// </summary>
public sealed class LockHandle : ILockHandle, IPooledLockHandle
{
    private readonly DistributedLock _owner;
    private readonly KeyLossSignal _lost;
    private int _released;

    // The key and token never change, and every fenced write sends the guard: made once.
    private Compare? _guard;

    internal LockHandle(DistributedLock owner, string key, long token)
    {
        _owner = owner;
        Key = key;
        Token = token;
        _lost = new KeyLossSignal(owner.Session, key, token, MarkLost, () => MarkLost("the holder key was deleted"));
        if (owner.Session.Bug != RecipeBug.LockIgnoresSessionLoss)
        {
            // (The seeded bug, for mutation testing, does not listen to the session's loss.)
            _lost.ListenToSession();
        }
    }

    /// <summary>The lock's name (its key prefix).</summary>
    public string Name => _owner.Name;

    /// <summary>The holder's key, <c>&lt;name&gt;/&lt;lease id hex&gt;</c>.</summary>
    public string Key { get; }

    /// <summary>The fencing token.</summary>
    public long Token { get; }

    /// <summary>
    /// Fires when the lock is lost (the session lost its lease, the holder key was deleted, or a fenced write was
    /// rejected). The first read starts the watch on the holder key; the session's loss is always reported.
    /// </summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>Whether <see cref="Lost"/> has fired, without arming the watch on the holder key.</summary>
    internal bool IsLost => _lost.IsFired;

    /// <summary>Why <see cref="Lost"/> fired, or null.</summary>
    public string? LostReason { get; internal set; }

    /// <summary>The compare that makes a txn a fenced write.</summary>
    public Compare Guard => _guard ??= Compare.CreateRevisionIs(Key, CompareOperator.Equal, Token);

    /// <summary>Runs <paramref name="request"/> with <see cref="Guard"/> added; throws <see cref="LockLostException"/> if the lock is no longer held.</summary>
    /// <remarks>A false result with the guard holding means another of the request's compares failed (e.g. a CAS conflict).</remarks>
    public Task<TxnResult> FencedTxnAsync(TxnRequest request, CancellationToken cancellationToken = default) => FencedTxnCoreAsync(request, cancellationToken).AsTask();

    private ValueTask<TxnResult> FencedTxnCoreAsync(TxnRequest request, CancellationToken cancellationToken) =>
        GuardedTxnCoreAsync(Guarded(request.Compares, request.Success, request.Failure), cancellationToken);

    /// <summary>The fenced form of a txn: <see cref="Guard"/> first among its compares, a read of the holder key first in its else branch.</summary>
    private TxnRequest Guarded(IReadOnlyList<Compare> compares, IReadOnlyList<TxnOp> success, IReadOnlyList<TxnOp> failure) =>
        new([Guard, .. compares], success, [new TxnOp.Get(Key), .. failure]);

    /// <summary>Runs a fenced txn: its first compare is <see cref="Guard"/>, its else branch first reads the holder key.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TxnResult> GuardedTxnCoreAsync(TxnRequest guarded, CancellationToken cancellationToken)
    {
        var result = await _owner.Session.Store.TxnDirectAsync(guarded, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded && result.Responses[0] is RangeResult holder && holder.Single?.CreateRevision != Token)
        {
            MarkLost("a fenced write found the holder key gone or re-created");
            throw new LockLostException(Name, Token, "a fenced write was rejected: this holder's key is gone");
        }

        return result with { Responses = result.Succeeded ? result.Responses : [.. result.Responses.Skip(1)] };
    }

    /// <summary>A CAS of <paramref name="key"/> on its mod revision, fenced by <see cref="Guard"/> in the same txn.</summary>
    public Task<long?> FencedCompareAndSwapAsync(string key, string value, long expectedRevision, CancellationToken cancellationToken = default) =>
        ((IPooledLockHandle)this).FencedCompareAndSwapCoreAsync(key, value, expectedRevision, cancellationToken).AsTask();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<long?> IPooledLockHandle.FencedCompareAndSwapCoreAsync(string key, string value, long expectedRevision, CancellationToken cancellationToken)
    {
        // Fenced directly (not If(…).Then(…) and then fenced, two copies of the request): every checkpoint of every replica comes here.
        var guarded = Guarded([Compare.ModRevisionIs(key, CompareOperator.Equal, expectedRevision)], [new TxnOp.Put(key, value)], []);
        var result = await GuardedTxnCoreAsync(guarded, cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? result.Revision : null;
    }

    /// <summary>
    /// Releases the lock by deleting the holder key (guarded, so it never deletes a successor's key), retried after a
    /// lost reply or an unreachable store as <see cref="ReleaseRetry"/> says, while the session lives.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        try
        {
            var session = _owner.Session;
            await ReleaseRetry.RunAsync(
                session.TimeProvider,
                async ct => await session.Store.TxnAsync(TxnRequest.If(Guard).Then(new TxnOp.Delete(Key)), ct),
                e => e is IndeterminateOutcomeException or StoreUnavailableException && !session.Lost.IsCancellationRequested,
                cancellationToken: cancellationToken);
        }
        finally
        {
            MarkLost("released");
            _owner.Release(this);
        }
    }

    /// <summary>How often a release is tried before the caller is told its outcome is unknown (<see cref="ReleaseRetry.Attempts"/>).</summary>
    public const int ReleaseAttempts = ReleaseRetry.Attempts;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ReleaseAsync();
        }
        catch (StoreException)
        {
            // The key is bound to the session's lease: it goes when the lease does.
        }
    }

    internal void MarkLost(string reason)
    {
        if (_lost.IsFired)
        {
            return;
        }

        LostReason = reason;
        _lost.Fire();
    }
}
