using Microsoft.Extensions.Time.Testing;
using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Etcd;

public sealed class FaultFileTests
{
    [Fact]
    public void Split_StoreFaultAndClockLines_GivesEachBack()
    {
        var text = FaultFile.Compose(InjectedStoreFaults.Format(true, 0.3, 42), FaultFile.ClockLine(TimeSpan.FromSeconds(2), -0.5));

        var (store, clock) = FaultFile.Split(text);

        Assert.Equal("unavailable 0.3 seed=42", store);
        Assert.Equal("clock skew=00:00:02 drift=-0.5", clock);
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("indeterminate 1 seed=7", "indeterminate 1 seed=7", "")]
    [InlineData("clock skew=-00:00:00.5000000 drift=0\n", "", "clock skew=-00:00:00.5000000 drift=0")]
    public void Split_FilesOfOneLineOrNone_ReadAsBefore(string text, string store, string clock) =>
        Assert.Equal((store, clock), FaultFile.Split(text));

    [Fact]
    public void Split_TwoClockLines_IsAFormatError()
    {
        var e = Assert.Throws<FormatException>(() => FaultFile.Split("clock skew=00:00:01 drift=0\nclock skew=00:00:02 drift=0"));

        Assert.Contains("second clock line", e.Message);
    }

    [Fact]
    public void ApplyClock_ClockLineThenEmpty_SkewsThenRestores()
    {
        var inner = new FakeTimeProvider();
        var clock = new SkewedTimeProvider(inner);

        FaultFile.ApplyClock(FaultFile.ClockLine(TimeSpan.FromSeconds(-2), 0.25), clock);
        inner.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(TimeSpan.FromSeconds(-1), clock.Offset);

        FaultFile.ApplyClock(string.Empty, clock);
        Assert.False(clock.Skewed);
    }

    [Theory]
    [InlineData("clock skew=2s drift=0")]
    [InlineData("clock skew=00:00:02 drift=-1")]
    [InlineData("clock skew=00:00:02")]
    [InlineData("clock drift=0.1 skew=00:00:02")]
    public void ApplyClock_MalformedLine_ThrowsAndLeavesTheClock(string line)
    {
        var clock = new SkewedTimeProvider(new FakeTimeProvider());
        clock.Set(TimeSpan.FromSeconds(1), 0);

        var e = Assert.Throws<FormatException>(() => FaultFile.ApplyClock(line, clock));

        Assert.Contains("expected 'clock skew=", e.Message);
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Offset);
    }
}
