using System.Globalization;
using Xunit.Abstractions;

namespace ResilienceLab.Coordination.Tests.Nats;

/// <summary>
/// What polling costs. On NATS 2.9 an expired lock entry sends watchers nothing, so a waiter only learns the lock is
/// free at its next create-if-absent: the take-over comes later than the expiry by up to one poll interval (half on
/// average) plus a round trip. Measured from the entry's creation (the holder never renews), so the expiry is exactly
/// one TTL later.
/// </summary>
[Collection(NatsCollection.Name)]
public sealed class NatsTakeOverLatencyTests(NatsFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(10)]
    [InlineData(100)]
    [InlineData(500)]
    public async Task AcquireAsync_HolderNeverRenews_TakeOverWithinTtlPlusOnePollInterval(int pollMs)
    {
        // A timing measurement: continue on the thread pool, not on xunit's few-threaded synchronization context, whose
        // queue adds hundreds of milliseconds now and then. (xunit sets the context again for the next test.)
        SynchronizationContext.SetSynchronizationContext(null);
        await MeasureAsync(pollMs);
    }

    // What a loaded 2-core machine may add to a take-over beyond the poll interval (the server's expiry sweep, the
    // waiter's wake-up). The figures this test prints are the measurement; the bound only catches a waiter that stalls.
    private static readonly TimeSpan SchedulingSlack = TimeSpan.FromSeconds(3);

    private async Task MeasureAsync(int pollMs)
    {
        var poll = TimeSpan.FromMilliseconds(pollMs);
        var buckets = $"p{Guid.NewGuid():N}"[..13];
        var extras = new List<double>();
        var random = new DeterministicRandom(pollMs);
        for (var round = -1; round < 5; round++)
        {
            await using var holderBackend = fixture.CreateBackend(buckets, poll);
            await using var waiterBackend = fixture.CreateBackend(buckets, poll);
            var holder = await holderBackend.OpenSessionAsync(new SessionOptions { Ttl = Ttl });
            var waiter = await waiterBackend.OpenSessionAsync(new SessionOptions { Ttl = Ttl });
            var name = $"/latency/{round}";

            await holder.CreateLock(name, "holder").AcquireAsync();
            var created = TimeProvider.System.GetTimestamp();
            await holder.AbandonAsync();

            // Start waiting at a random phase of the poll interval, or the polls line up with the expiry the same way every round.
            await Task.Delay(random.Jitter(poll / 2, poll / 2), TimeProvider.System);
            var taken = await waiter.CreateLock(name, "waiter").AcquireAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var extra = TimeProvider.System.GetElapsedTime(created) - Ttl;
            if (round < 0)
            {
                // A warm-up round, not counted: the first take-over of a run also pays for JIT and first connections.
                await taken.ReleaseAsync();
                continue;
            }

            extras.Add(extra.TotalMilliseconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"poll {pollMs} ms, round {round}: taken over {extra.TotalMilliseconds:0} ms after expiry"));
            await taken.ReleaseAsync();

            Assert.True(extra > TimeSpan.FromMilliseconds(-50), $"taken over {-extra.TotalMilliseconds:0} ms before the entry could have expired");
            Assert.True(extra < poll + SchedulingSlack, $"taken over {extra.TotalMilliseconds:0} ms after expiry with a {pollMs} ms poll interval (allowed: one poll + {SchedulingSlack.TotalSeconds:0} s)");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"poll {pollMs} ms: take-over {string.Join(", ", extras.Select(e => $"{e:0}"))} ms after expiry (mean {extras.Average():0} ms, max {extras.Max():0} ms)"));
    }
}
