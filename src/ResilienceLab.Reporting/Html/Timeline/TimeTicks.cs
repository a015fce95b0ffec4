using System.Globalization;

namespace ResilienceLab.Reporting.Html;

/// <summary>Round tick positions for a time axis: a step of 1, 2 or 5 × 10^k seconds giving at most 12 ticks, labelled without noise ("10 s", "0.25 s").</summary>
internal static class TimeTicks
{
    private const int MaxTicks = 12;

    /// <summary>The step for a window of <paramref name="seconds"/>.</summary>
    public static double Step(double seconds)
    {
        var raw = Math.Max(seconds, 1e-6) / MaxTicks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var factor in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (factor * magnitude >= raw)
            {
                return factor * magnitude;
            }
        }

        return 10 * magnitude;
    }

    /// <summary>Tick offsets (seconds since the history's start) inside [from, to], multiples of the step.</summary>
    public static IEnumerable<double> Offsets(double from, double to)
    {
        var step = Step(to - from);
        var first = Math.Ceiling((from - 1e-9) / step);
        for (var i = first; i * step <= to + 1e-9 && i - first <= MaxTicks * 2; i++)
        {
            yield return Math.Round(i * step, 9);
        }
    }

    /// <summary>"0 s", "12 s", "1.5 s", "15.02 s": as many decimals as the step needs, no more.</summary>
    public static string Label(double offset, double step)
    {
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step) - 1e-9), 0, 6);
        offset = Math.Abs(offset) < step / 1000 ? 0 : offset;
        return offset.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " s";
    }
}
