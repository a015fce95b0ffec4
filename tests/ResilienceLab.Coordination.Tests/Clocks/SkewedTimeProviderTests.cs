using Microsoft.Extensions.Time.Testing;

namespace ResilienceLab.Coordination.Tests.Clocks;

public sealed class SkewedTimeProviderTests
{
    private readonly FakeTimeProvider _inner = new(new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero));

    private SkewedTimeProvider CreateSut() => new(_inner);

    [Fact]
    public void Set_SkewAndDrift_UtcNowAndTimestampFollowTheOffset()
    {
        var clock = CreateSut();
        clock.Set(TimeSpan.FromSeconds(2), -0.5);
        var started = clock.GetTimestamp();

        _inner.Advance(TimeSpan.FromSeconds(4));

        // 2 s ahead at once, then half speed: after 4 true seconds, 2 - 2 = 0 s off, and 2 s elapsed on this clock.
        Assert.Equal(TimeSpan.Zero, clock.Offset);
        Assert.Equal(_inner.GetUtcNow(), clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(2), clock.GetElapsedTime(started));
        _inner.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(-1), clock.Offset);
        Assert.Equal(_inner.GetUtcNow() - TimeSpan.FromSeconds(1), clock.GetUtcNow());
    }

    [Fact]
    public void Set_NegativeSkew_ClockReadsBehind()
    {
        var clock = CreateSut();

        clock.Set(TimeSpan.FromMilliseconds(-500), 0);

        Assert.Equal(_inner.GetUtcNow() - TimeSpan.FromMilliseconds(500), clock.GetUtcNow());
        Assert.True(clock.Skewed);
    }

    [Fact]
    public void Reset_AfterDrift_ReadsTheInnerClockAgain()
    {
        var clock = CreateSut();
        clock.Set(TimeSpan.Zero, 0.5);
        _inner.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.FromSeconds(5), clock.Offset);

        clock.Reset();

        Assert.False(clock.Skewed);
        Assert.Equal(TimeSpan.Zero, clock.Offset);
        Assert.Equal(_inner.GetUtcNow(), clock.GetUtcNow());
        Assert.Equal(_inner.GetTimestamp(), clock.GetTimestamp());
    }

    [Fact]
    public void Delay_SlowClock_CompletesWhenItsOwnClockReachesTheDueTime()
    {
        var clock = CreateSut();
        clock.Set(TimeSpan.Zero, -0.5);

        var delay = Task.Delay(TimeSpan.FromSeconds(1), clock);
        _inner.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(delay.IsCompleted);
        _inner.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void Set_WhileATimerIsArmed_ReaimsItAtTheNewRate()
    {
        var clock = CreateSut();
        var delay = Task.Delay(TimeSpan.FromSeconds(4), clock);
        _inner.Advance(TimeSpan.FromSeconds(1));

        // 3 s of this clock are left; at half speed they take 6 true seconds.
        clock.Set(TimeSpan.Zero, -0.5);
        _inner.Advance(TimeSpan.FromMilliseconds(5999));
        Assert.False(delay.IsCompleted);
        _inner.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void Set_JumpPastTheDueTime_FiresTheTimerAtOnce()
    {
        var clock = CreateSut();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), clock);

        clock.Set(TimeSpan.FromSeconds(10), 0);
        _inner.Advance(TimeSpan.Zero);

        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void Reset_AfterAJumpAhead_DelaysArmedTimersByTheJump()
    {
        var clock = CreateSut();
        clock.Set(TimeSpan.FromSeconds(3), 0);
        var delay = Task.Delay(TimeSpan.FromSeconds(1), clock);

        // The clock steps back 3 s: the timer's due time on this clock is 4 s of true time away.
        clock.Reset();
        _inner.Advance(TimeSpan.FromMilliseconds(3999));
        Assert.False(delay.IsCompleted);
        _inner.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void CreateTimer_PeriodicOnAFastClock_FiresAsOftenAsItsClockSays()
    {
        var clock = CreateSut();
        clock.Set(TimeSpan.Zero, 1.0 / 3);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        for (var i = 0; i < 35; i++)
        {
            _inner.Advance(TimeSpan.FromMilliseconds(100));
        }

        // 3.5 true seconds are 4.67 seconds of a clock running 4/3 as fast: due at 1, 2, 3 and 4 s of it.
        Assert.Equal(4, fired);
    }

    [Fact]
    public void CreateTimer_NoFault_PassesThroughAsAsked()
    {
        var clock = CreateSut();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        _inner.Advance(TimeSpan.FromSeconds(1));
        _inner.Advance(TimeSpan.FromSeconds(1));
        _inner.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(3, fired);
        Assert.False(clock.Skewed);
    }

    [Fact]
    public void Dispose_ArmedTimer_NeverFiresAndIsNotReaimed()
    {
        var clock = CreateSut();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.Set(TimeSpan.FromSeconds(5), 0);
        _inner.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, fired);
        Assert.False(timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(1.0)]
    [InlineData(-2.0)]
    [InlineData(double.NaN)]
    public void Set_DriftOutsideMinusOneToOne_Throws(double drift)
    {
        var clock = CreateSut();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Set(TimeSpan.Zero, drift));
        Assert.False(clock.Skewed);
    }

    [Fact]
    public void Underlying_SkewedAndPlainClocks_GivesTheClockBeneathTheFault()
    {
        var clock = CreateSut();

        Assert.Same(_inner, SkewedTimeProvider.Underlying(clock));
        Assert.Same(_inner, SkewedTimeProvider.Underlying(_inner));
    }
}
