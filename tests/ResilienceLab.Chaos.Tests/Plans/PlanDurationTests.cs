using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Tests.Plans;

public sealed class PlanDurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("2s", 2_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("0s", 0)]
    [InlineData("1h1m1s1ms", 3_661_001)]
    [InlineData("-2s", -2_000)]
    public void TryParse_ValidText_ReturnsValue(string text, long milliseconds)
    {
        Assert.True(PlanDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("2 s")]
    [InlineData("2sec")]
    [InlineData("1d")]
    [InlineData(".5s")]
    [InlineData("s")]
    [InlineData("1x")]
    [InlineData("--1s")]
    [InlineData("99999999999999999h")]
    [InlineData("1234567890123456789h")]
    [InlineData("12345678901234567890123456789ms")]
    [InlineData("1234567890123456789012345678901234567890s")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.False(PlanDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(500, "500ms")]
    [InlineData(1_500, "1.5s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(3_600_000, "1h")]
    [InlineData(-2_000, "-2s")]
    public void Format_Value_WritesPlanSyntax(long milliseconds, string expected)
    {
        Assert.Equal(expected, PlanDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(250)]
    [InlineData(61_234)]
    [InlineData(86_399_999)]
    public void Format_ThenParse_RoundTrips(long milliseconds)
    {
        var value = TimeSpan.FromMilliseconds(milliseconds);

        Assert.True(PlanDuration.TryParse(PlanDuration.Format(value), out var parsed));
        Assert.Equal(value, parsed);
    }
}
