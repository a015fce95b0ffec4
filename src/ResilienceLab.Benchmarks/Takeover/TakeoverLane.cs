using dotnet_etcd;
using ResilienceLab.Benchmarks.Infrastructure;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Benchmarks.Takeover;

/// <summary>
/// The clients of one lane of trials: the waiter's store and session (ours and the server-side peer wait with the
/// same lease), a second session for an in-process holder, and the peer's dotnet-etcd client.
/// </summary>
internal sealed class TakeoverLane : IAsyncDisposable
{
    private TakeoverLane(EtcdKeyValueStore store, Session waiter, Session holder, EtcdClient raw)
    {
        Store = store;
        Waiter = waiter;
        Holder = holder;
        Raw = raw;
    }

    public EtcdKeyValueStore Store { get; }

    public Session Waiter { get; }

    public Session Holder { get; }

    public EtcdClient Raw { get; }

    public static async Task<TakeoverLane> CreateAsync(BenchmarkContext context)
    {
        var store = context.CreateStore();
        var waiter = await context.CreateSessionAsync(store);
        var holder = await context.CreateSessionAsync(store);
        return new TakeoverLane(store, waiter, holder, context.CreateRawClient());
    }

    /// <summary>Starts waiting for <paramref name="name"/>; the task completes once held, with the action that releases it.</summary>
    public async Task<Func<Task>> AcquireAsync(TakeoverWaiter waiter, string name, CancellationToken cancellationToken)
    {
        if (waiter == TakeoverWaiter.Ours)
        {
            var handle = await new DistributedLock(Waiter, name).AcquireAsync(cancellationToken);
            return () => handle.ReleaseAsync(CancellationToken.None);
        }

        var held = await Raw.LockAsync(name, Waiter.LeaseId, cancellationToken: cancellationToken);
        return async () => await Raw.UnlockAsync(held.Key.ToStringUtf8(), cancellationToken: CancellationToken.None);
    }

    /// <summary>Waits until <paramref name="count"/> contenders are queued on <paramref name="name"/>.</summary>
    public async Task WaitQueuedAsync(string name, int count, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 10_000; i++)
        {
            var queue = await Store.GetAsync(name + "/", prefix: true, cancellationToken);
            if (queue.Kvs.Count >= count)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }

        throw new InvalidOperationException($"the waiter never queued on '{name}'");
    }

    public async ValueTask DisposeAsync()
    {
        await Waiter.DisposeAsync();
        await Holder.DisposeAsync();
        await Store.DisposeAsync();
        Raw.Dispose();
    }
}
