using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation.Tests.Runtime;

/// <summary>
/// <see cref="WatchStream"/> replaced an unbounded single-reader channel in the simulated store's watches; it must keep
/// the channel's behaviour on the simulation loop: a write wakes a waiting reader at once through the reader's context,
/// completion wakes it with false once the events are read, a cancelled wait ends cancelled, and nothing runs elsewhere.
/// </summary>
public sealed class WatchStreamTests
{
    private static WatchEvent Put(string key, long revision) => new(WatchEventType.Put, new KeyValue(key, "v", revision, revision, 1, 0));

    /// <summary>
    /// The result of a wait that must have ended already (off the loop every ending is synchronous): a stream that never
    /// ends it fails here instead of hanging the test.
    /// </summary>
    private static Task<bool> Ended(Task<bool> wait)
    {
        Assert.True(wait.IsCompleted, "the wait has not ended");
        return wait;
    }

    [Fact]
    public void WaitToReadAsync_EventWrittenWhileWaiting_WakesTheReaderThroughItsContextAndTheEventIsRead()
    {
        var loop = new SimulationLoop();
        var stream = new WatchStream();
        var read = new List<string>();

        loop.Run(async () =>
        {
            var waiting = stream.WaitToReadAsync(CancellationToken.None);
            Assert.False(waiting.IsCompleted);
            Assert.True(stream.TryWrite(Put("/a", 2)));
            Assert.True(stream.TryWrite(Put("/b", 3)));
            Assert.True(await waiting);
            while (stream.TryRead(out var e))
            {
                read.Add(e.Kv.Key);
            }
        });

        Assert.Equal(["/a", "/b"], read);
        Assert.Equal(0, loop.ForeignPosts);
    }

    [Fact]
    public void WaitToReadAsync_Cancelled_EndsCancelledOnTheLoopAndLaterEventsStayQueued()
    {
        var loop = new SimulationLoop();
        var stream = new WatchStream();
        Exception? error = null;

        loop.Run(async () =>
        {
            using var cancel = new CancellationTokenSource();
            var waiting = stream.WaitToReadAsync(cancel.Token);
            cancel.Cancel();
            error = await Record.ExceptionAsync(() => waiting);
            Assert.True(stream.TryWrite(Put("/late", 4)));
        });

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(0, loop.ForeignPosts);
        Assert.True(stream.TryRead(out var late));
        Assert.Equal("/late", late.Kv.Key);
    }

    [Fact]
    public async Task Complete_WithEventsQueued_ReaderDrainsThemThenGetsFalseAndWritesAreRefused()
    {
        var stream = new WatchStream();
        stream.TryWrite(Put("/a", 2));
        stream.Complete();

        Assert.False(stream.TryWrite(Put("/b", 3)));
        Assert.True(await Ended(stream.WaitToReadAsync(CancellationToken.None)));
        Assert.True(stream.TryRead(out _));
        Assert.False(await Ended(stream.WaitToReadAsync(CancellationToken.None)));
    }

    [Fact]
    public async Task Complete_WhileWaiting_WakesTheReaderWithFalse()
    {
        var stream = new WatchStream();
        var waiting = stream.WaitToReadAsync(CancellationToken.None);

        stream.Complete();

        Assert.False(await Ended(waiting));
    }

    [Fact]
    public async Task WaitToReadAsync_SecondWaitWhileTheFirstIsPending_EndsTheFirstCancelled()
    {
        var stream = new WatchStream();
        using var cancel = new CancellationTokenSource();
        var first = stream.WaitToReadAsync(cancel.Token);

        var second = stream.WaitToReadAsync(CancellationToken.None);
        stream.TryWrite(Put("/a", 2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ended(first));
        Assert.True(await Ended(second));
        cancel.Cancel(); // the first wait's registration is gone: cancelling it now changes nothing
        Assert.True(stream.TryRead(out _));
    }

    [Fact]
    public async Task WaitToReadAsync_TokenAlreadyCancelled_EndsCancelledAtOnce()
    {
        var stream = new WatchStream();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var waiting = stream.WaitToReadAsync(cancel.Token);

        Assert.True(waiting.IsCanceled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Ended(waiting));
    }
}
