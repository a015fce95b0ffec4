using Microsoft.Extensions.Time.Testing;
using ResilienceLab.Network.Tests.Support;

namespace ResilienceLab.Network.Tests;

public sealed partial class FaultProxyTests
{
    [Fact]
    public async Task SetLatency_BothDirections_EachRoundTripTakesAtLeastTwiceTheDelay()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var proxy = CreateSut();
        var client = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(client, Loopback.Bytes("warm-up"));

        proxy.SetLatency(delay);
        var rounds = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var start = TimeProvider.System.GetTimestamp();
            await Loopback.RoundTripAsync(client, Loopback.Bytes($"ping {i}"));
            rounds.Add(Elapsed(start));
        }

        // Lower bound exact (the proxy never delivers before the delay has passed); upper bound generous for a loaded CI machine.
        Assert.All(rounds, ms => Assert.InRange(ms, 2 * delay.TotalMilliseconds, 5_000));
        output.WriteLine($"configured 2 × {delay.TotalMilliseconds} ms; round trips {string.Join(", ", rounds.Select(r => r.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} ms; mean excess {rounds.Average() - 2 * delay.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public async Task SetLatency_WithJitter_NeverReordersBytes()
    {
        var proxy = CreateSut();
        proxy.SetLatency(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
        var client = await ConnectAsync(proxy);

        const int messages = 200;
        var expected = new byte[messages * 4];
        var reading = Loopback.ReadExactlyAsync(client, expected.Length, TimeSpan.FromSeconds(60));
        for (var i = 0; i < messages; i++)
        {
            BitConverter.TryWriteBytes(expected.AsSpan(i * 4), i);

            // Separate writes a little apart, so that they are read as separate chunks with separate delays.
            await Loopback.SendAllAsync(client, expected.AsMemory(i * 4, 4));
            if (i % 10 == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System);
            }
        }

        Assert.Equal(expected, await reading);
    }

    [Fact]
    public async Task SetLatency_OnFakeClock_DeliversOnlyOnceTheClockHasAdvanced()
    {
        var clock = new FakeTimeProvider();
        var proxy = CreateSut(timeProvider: clock);
        var client = await ConnectAsync(proxy);
        await Loopback.RoundTripAsync(client, Loopback.Bytes("connected"));
        proxy.SetLatency(TimeSpan.FromMinutes(1), direction: ProxyDirection.ToUpstream);

        await Loopback.SendAllAsync(client, Loopback.Bytes("late"));
        var buffer = new byte[16];
        var read = await Loopback.AssertNothingArrivesAsync(client, buffer, TimeSpan.FromMilliseconds(500));

        // Advance until the delayed chunk is released (the proxy may not have read it yet at the first step).
        for (var i = 0; i < 100 && !read.IsCompleted; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await Task.WhenAny(read, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System));
        }

        var n = await read.WaitAsync(Loopback.Generous, TimeProvider.System);
        Assert.Equal("late", System.Text.Encoding.UTF8.GetString(buffer, 0, n));
    }

    [Fact]
    public void SetLatency_OneDirection_LeavesTheOtherDirectionUndelayed()
    {
        var proxy = CreateSut();

        proxy.SetLatency(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), ProxyDirection.ToClient);

        Assert.Equal(new ProxyLatency(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50)), proxy.Fault.ToClient);
        Assert.True(proxy.Fault.ToUpstream.IsNone);
        Assert.Equal(ProxyFaultKind.None, proxy.Fault.Kind);
    }

    [Fact]
    public void SetLatency_NegativeDelay_ThrowsNamingTheValueAndProxy()
    {
        var proxy = CreateSut();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => proxy.SetLatency(TimeSpan.FromMilliseconds(-5)));

        Assert.Contains("-00:00:00.0050000", error.Message, StringComparison.Ordinal);
        Assert.Contains("test-proxy", error.Message, StringComparison.Ordinal);
        Assert.True(proxy.Fault.IsHealthy);
    }
}
