using System.Runtime.CompilerServices;

namespace ResilienceLab.Coordination;

/// <summary>
/// The library's own registers (<see cref="CasRegister"/> and its recording wrapper) as the CAS loop calls them: the
/// same calls as <see cref="ICasRegister"/>, awaitable without a task, a state machine, a delegate and a continuation per
/// layer per call (a pooled <see cref="ValueTask{TResult}"/> each; docs/benchmarks.md, seventh pass). A register of
/// another backend is called through <see cref="ICasRegister"/> as before.
/// </summary>
/// <remarks>
/// The library's rule for its pooled cores: a core awaits tasks (the store's, delays, other code's signals) plainly, so
/// it resumes on the context it was called on (a simulated replica's), and therefore completes there; a caller awaits a
/// core with <c>ConfigureAwait(false)</c>, which then resumes it at once, where it is, as a plain await of a task
/// completed on the caller's own context does — without capturing the context, which would post every resumption
/// to it (a delegate and a trip through the simulation's queue each). Anything that is not such a core keeps the plain await.
/// </remarks>
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
        register is IPooledCasRegister pooled ? pooled.ReadCoreAsync(cancellationToken) : Resumed(register.ReadAsync(cancellationToken));

    public static ValueTask<long?> CompareAndSwapCoreAsync(this ICasRegister register, long expectedModRevision, string value, CancellationToken cancellationToken) =>
        register is IPooledCasRegister pooled ? pooled.CompareAndSwapCoreAsync(expectedModRevision, value, cancellationToken) : Resumed(register.CompareAndSwapAsync(expectedModRevision, value, cancellationToken));

    /// <summary>A task of code that is not a pooled core, as one: awaited plainly, so it completes on the caller's context (see the rule above).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal static async ValueTask<T> Resumed<T>(Task<T> task) => await task;
}
