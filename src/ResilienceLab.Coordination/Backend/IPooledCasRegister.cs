namespace ResilienceLab.Coordination;

/// <summary>
/// The library's own registers (<see cref="CasRegister"/> and its recording wrapper) as the CAS loop calls them: the
/// same calls as <see cref="ICasRegister"/>, awaitable without a task, a state machine, a delegate and a continuation per
/// layer per call (a pooled <see cref="ValueTask{TResult}"/> each, awaited under the rule in <see cref="PooledCores"/>).
/// A register of another backend is called through <see cref="ICasRegister"/> as before.
/// </summary>
internal interface IPooledCasRegister
{
    /// <summary><see cref="ICasRegister.ReadAsync"/>, awaited once.</summary>
    ValueTask<RegisterValue> ReadCoreAsync(CancellationToken cancellationToken);

    /// <summary><see cref="ICasRegister.CompareAndSwapAsync"/>, awaited once.</summary>
    ValueTask<long?> CompareAndSwapCoreAsync(long expectedModRevision, string value, CancellationToken cancellationToken);
}

/// <summary>How the library calls a register: through its pooled calls when it is one of its own.</summary>
internal static class PooledCasRegister
{
    public static ValueTask<RegisterValue> ReadCoreAsync(this ICasRegister register, CancellationToken cancellationToken) =>
        register is IPooledCasRegister pooled ? pooled.ReadCoreAsync(cancellationToken) : PooledCores.Resumed(register.ReadAsync(cancellationToken));

    public static ValueTask<long?> CompareAndSwapCoreAsync(this ICasRegister register, long expectedModRevision, string value, CancellationToken cancellationToken) =>
        register is IPooledCasRegister pooled ? pooled.CompareAndSwapCoreAsync(expectedModRevision, value, cancellationToken) : PooledCores.Resumed(register.CompareAndSwapAsync(expectedModRevision, value, cancellationToken));
}
