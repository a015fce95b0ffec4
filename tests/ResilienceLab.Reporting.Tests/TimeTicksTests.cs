using ResilienceLab.Reporting.Html;

namespace ResilienceLab.Reporting.Tests;

public sealed class TimeTicksTests
{
    [Theory]
    [InlineData(60.112, 10)]
    [InlineData(15.102, 2)]
    [InlineData(0.14, 0.02)]
    [InlineData(3, 0.5)]
    public void Step_Window_IsOneTwoOrFiveTimesAPowerOfTen(double seconds, double step) =>
        Assert.Equal(step, TimeTicks.Step(seconds), 9);

    [Fact]
    public void Offsets_WindowNotStartingAtZero_AreMultiplesOfTheStepInside()
    {
        var ticks = TimeTicks.Offsets(15.48, 15.62).ToList();

        Assert.Equal([15.48, 15.5, 15.52, 15.54, 15.56, 15.58, 15.6, 15.62], ticks);
        Assert.Equal(["15.48 s", "15.50 s"], ticks.Take(2).Select(t => TimeTicks.Label(t, TimeTicks.Step(0.14))));
    }

    [Fact]
    public void Label_WholeSeconds_HasNoDecimalsAndNoNegativeZero() =>
        Assert.Equal(["0 s", "5 s", "60 s"], new[] { -1e-12, 5, 60 }.Select(t => TimeTicks.Label(t, 5)));
}
