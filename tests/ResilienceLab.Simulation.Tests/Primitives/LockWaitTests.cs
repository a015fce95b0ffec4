using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation.Tests.Primitives;

/// <summary>
/// A lock wait on the simulated store: the waiter watches the holder's key through the store's own wait for a delete,
/// which ends a stopped wait without an exception (a stream's reader would throw its cancellation twice) and still
/// hands the lock over when the holder's key goes.
/// </summary>
public sealed class LockWaitTests
{
    [Fact]
    public void TryAcquireWithinAsync_HolderKeepsTheLock_ReturnsNullWithoutThrowingOnTheLoop()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var loopThread = -1;
        var thrown = new List<string>();
        void OnFirstChance(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == Volatile.Read(ref loopThread))
            {
                lock (thrown)
                {
                    thrown.Add(e.Exception.GetType().Name);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += OnFirstChance;
        try
        {
            var waited = loop.Run(async () =>
            {
                Volatile.Write(ref loopThread, Environment.CurrentManagedThreadId);
                var holder = await OpenAsync(store, loop, "holder");
                var waiter = await OpenAsync(store, loop, "waiter");
                var held = await holder.CreateLock("/locks/a", "holder").TryAcquireAsync();
                Assert.NotNull(held);
                var started = loop.Clock.GetTimestamp();

                var handle = await waiter.CreateLock("/locks/a", "waiter").TryAcquireWithinAsync(TimeSpan.FromSeconds(1));

                Assert.Null(handle);
                return loop.Clock.GetElapsedTime(started);
            }, TimeSpan.FromMinutes(1));

            Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
            Assert.Empty(thrown);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= OnFirstChance;
        }
    }

    [Fact]
    public void TryAcquireWithinAsync_HolderReleasesDuringTheWait_AcquiresWithAGreaterToken()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };

        var (first, second, handedOverAfter) = loop.Run(async () =>
        {
            var holder = await OpenAsync(store, loop, "holder");
            var waiter = await OpenAsync(store, loop, "waiter");
            var held = await holder.CreateLock("/locks/a", "holder").TryAcquireAsync();
            var waiting = waiter.CreateLock("/locks/a", "waiter").TryAcquireWithinAsync(TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            var released = loop.Clock.GetTimestamp();
            await held!.ReleaseAsync();
            var handle = await waiting;
            return (held.Token, handle?.Token, loop.Clock.GetElapsedTime(released));
        }, TimeSpan.FromMinutes(1));

        Assert.NotNull(second);
        Assert.True(second > first, $"the next holder's token {second} must exceed {first}");
        Assert.True(handedOverAfter < TimeSpan.FromSeconds(1), $"handed over {handedOverAfter} after the release, not when the key went");
    }

    private static async Task<ICoordinationSession> OpenAsync(SimulatedStore store, SimulationLoop loop, string name) =>
        await new EtcdCoordinationBackend(store.CreateClient(name), loop.Clock).OpenSessionAsync(new SessionOptions { Ttl = TimeSpan.FromSeconds(30) });
}
