using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation.Tests.Runtime;

/// <summary>
/// The clock fires timers in (due time, arming order): the order a run's every step follows, so a change to how the
/// clock keeps its timers must keep it exactly. A seeded model test checks it against a plain sorted list.
/// </summary>
public sealed class VirtualClockTests
{
    [Fact]
    public void Advance_TimersDueAtDifferentTimes_FireInDueOrderAtTheirDueTime()
    {
        var clock = new VirtualClock();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.Elapsed)), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.Elapsed)), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("early", TimeSpan.FromSeconds(1)), ("late", TimeSpan.FromSeconds(3))], fired);
        Assert.Equal(TimeSpan.FromSeconds(5), clock.Elapsed);
    }

    [Fact]
    public void Advance_TimersDueAtTheSameTime_FireInTheOrderTheyWereArmed()
    {
        var clock = new VirtualClock();
        var fired = new List<string>();
        using var a = clock.CreateTimer(_ => fired.Add("a"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var b = clock.CreateTimer(_ => fired.Add("b"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var c = clock.CreateTimer(_ => fired.Add("c"), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        a.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan); // re-armed last: now after c

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["b", "c", "a"], fired);
    }

    [Fact]
    public void Change_ArmedTimerMovedLaterThenEarlier_FiresOnceAtItsLastDueTime()
    {
        var clock = new VirtualClock();
        var fired = new List<TimeSpan>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.Elapsed), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(4), Timeout.InfiniteTimeSpan);
        timer.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([TimeSpan.FromSeconds(2)], fired);
    }

    [Fact]
    public void Dispose_ArmedTimer_NeverFiresAndLeavesNothingDue()
    {
        var clock = new VirtualClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var disarmed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        disarmed.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Null(clock.NextDue());
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, fired);
        disarmed.Dispose();
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresEveryPeriodUntilDisposed()
    {
        var clock = new VirtualClock();
        var fired = new List<TimeSpan>();
        ITimer? timer = null;
        timer = clock.CreateTimer(_ =>
        {
            fired.Add(clock.Elapsed);
            if (fired.Count == 3)
            {
                timer!.Dispose();
            }
        }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5)], fired);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void FireNext_RandomArmsMovesAndCancels_FiresInTheSameOrderAsASortedModel(long seed)
    {
        var random = new DeterministicRandom(seed);
        var clock = new VirtualClock();
        var fired = new List<int>();
        var timers = new ITimer[200];
        var model = new Dictionary<int, (long Due, long Order)>(); // armed timers: when due, and when armed
        var order = 0L;
        for (var i = 0; i < timers.Length; i++)
        {
            var id = i;
            timers[i] = clock.CreateTimer(_ => fired.Add(id), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        var expected = new List<int>();
        for (var step = 0; step < 5_000; step++)
        {
            var id = random.Next(timers.Length);
            switch (random.Next(4))
            {
                case 0 or 1:
                    var due = random.Next(0, 50); // few distinct times, so ties are common
                    timers[id].Change(TimeSpan.FromTicks(due), Timeout.InfiniteTimeSpan);
                    model[id] = (clock.Now + due, ++order);
                    break;
                case 2:
                    timers[id].Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                    model.Remove(id);
                    break;
                default:
                    if (clock.FireNext())
                    {
                        var next = model.MinBy(m => (m.Value.Due, m.Value.Order));
                        expected.Add(next.Key);
                        model.Remove(next.Key);
                    }
                    else
                    {
                        Assert.Empty(model);
                    }

                    break;
            }

            Assert.Equal(model.Count == 0 ? null : model.Values.Min(m => m.Due), clock.NextDue());
        }

        while (clock.FireNext())
        {
            var next = model.MinBy(m => (m.Value.Due, m.Value.Order));
            expected.Add(next.Key);
            model.Remove(next.Key);
        }

        Assert.Equal(expected, fired);
        Assert.Empty(model);
        Assert.True(fired.Count > 500, $"only {fired.Count} timers fired");
    }
}
