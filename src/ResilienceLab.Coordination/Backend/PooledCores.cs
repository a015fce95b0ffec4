using System.Runtime.CompilerServices;

namespace ResilienceLab.Coordination;

/// <summary>
/// The library's pooled cores: internal <see cref="ValueTask"/> methods (<see cref="PoolingAsyncValueTaskMethodBuilder"/>)
/// that its layers await instead of one another's public tasks — <see cref="IPooledCasRegister"/>, <see cref="IPooledCasCounter"/>,
/// <see cref="IPooledLockHandle"/>, <see cref="IPooledDistributedLock"/>, the lock queue's steps, and the simulated store's
/// <see cref="IDirectKeyValueStore"/> — so a call through them allocates no task, state machine, delegate and continuation
/// per layer (docs/benchmarks.md, seventh pass).
/// </summary>
/// <remarks>
/// The rule: a core awaits tasks (the store's, delays, other code's signals) plainly, so it resumes on the context it was
/// called on (a simulated replica's), and therefore completes there; a caller awaits a core with
/// <c>ConfigureAwait(false)</c>, which then resumes it at once, where it is, as a plain await of a task completed on the
/// caller's own context does — without capturing the context, which would post every resumption to it (a delegate and
/// a trip through the simulation's queue each). Anything that is not such a core keeps the plain await.
/// </remarks>
internal static class PooledCores
{
    /// <summary>A task of code that is not a pooled core, as one: awaited plainly, so it completes on the caller's context.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<T> Resumed<T>(Task<T> task) => await task;
}
