namespace ResilienceLab.Simulation.Tests.Faults;

/// <summary>
/// Delayed delivery across a pause: a request a replica sent just before it was paused is either already on the wire (it
/// applies while the sender is stopped) or still in the sender's buffer (it leaves when the sender resumes, after whatever
/// happened meanwhile). Seeded by <see cref="SimulatedClientOptions.HeldRequestProbability"/>.
/// </summary>
public sealed class PausedSenderTests
{
    [Theory]
    [InlineData(1.0, "stale")]
    [InlineData(0.0, "new")]
    public void PutAsync_SenderPausedBeforeItsRequestArrived_AppliesAfterTheResumeOnlyWhenStillInItsBuffer(double stalled, string final)
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var sender = loop.CreateProcess("stale");
        var options = new SimulatedClientOptions { Latency = TimeSpan.FromMilliseconds(10), LatencyJitter = TimeSpan.Zero, HeldRequestProbability = stalled };
        var stale = store.CreateClient("stale", options, sender.Clock);
        stale.Sender = sender;
        var successor = store.CreateClient("successor", options);

        var (duringPause, afterResume, put) = loop.Run(async () =>
        {
            var put = sender.Start(() => stale.PutAsync("/k", "stale"));

            // Stopped before its request reached the store (5 ms one way); the successor writes while it is stopped.
            sender.Pause();
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            await successor.PutAsync("/k", "new");
            var duringPause = (await successor.GetAsync("/k")).Single!.Value;
            sender.Resume();
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            return (duringPause, (await successor.GetAsync("/k")).Single!.Value, put);
        });

        Assert.Equal("new", duringPause);
        Assert.Equal(final, afterResume);
        Assert.True(put.IsCompletedSuccessfully, "the sender's put got its reply once it ran again");
    }

    [Fact]
    public void PutAsync_SenderKilledWithItsRequestInItsBuffer_NeverApplies()
    {
        var loop = new SimulationLoop();
        using var store = new SimulatedStore(loop.Clock) { NetworkContext = loop.RootContext };
        var sender = loop.CreateProcess("stale");
        var options = new SimulatedClientOptions { Latency = TimeSpan.FromMilliseconds(10), LatencyJitter = TimeSpan.Zero, HeldRequestProbability = 1 };
        var stale = store.CreateClient("stale", options, sender.Clock);
        stale.Sender = sender;
        var reader = store.CreateClient("reader", options);

        var kvs = loop.Run(async () =>
        {
            _ = sender.Start(() => stale.PutAsync("/k", "stale"));
            sender.Pause();
            await Task.Delay(TimeSpan.FromSeconds(1), loop.Clock);
            sender.Kill();
            await Task.Delay(TimeSpan.FromSeconds(3), loop.Clock);
            return (await reader.GetAsync("/k")).Kvs;
        });

        Assert.Empty(kvs);
    }
}
