using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// Durations as plans write them: one or more number+unit parts, units ms, s, m, h ("500ms", "2s", "1m30s", "1.5s",
/// "1h"); a leading '-' only where a field allows negative values (clock skew).
/// </summary>
public static partial class PlanDuration
{
    /// <summary>The hint every duration error gives.</summary>
    public const string Expected = "a duration like 500ms, 2s, 1m30s (units ms, s, m, h)";

    /// <summary>Parses <paramref name="text"/>; false for anything else, including overflow.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        if (!Shape().IsMatch(body))
        {
            return false;
        }

        decimal ticks = 0;
        foreach (Match part in Part().Matches(body))
        {
            // decimal holds ~28 digits: a longer number (or one that overflows once multiplied by its unit) is out
            // of any TimeSpan's range anyway, so refuse it before the arithmetic can throw.
            if (!decimal.TryParse(part.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                || number > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            var unit = part.Groups[2].Value switch
            {
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
            ticks += number * unit;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }

        var whole = (long)decimal.Truncate(ticks);
        value = TimeSpan.FromTicks(negative ? -whole : whole);
        return true;
    }

    /// <summary>Formats <paramref name="value"/> the way plans write it: 1h, 1m30s, 2s, 1.5s, 500ms, 0s.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var builder = new StringBuilder();
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            value = value.Duration();
        }

        if (value < TimeSpan.FromSeconds(1))
        {
            builder.Append(value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)).Append("ms");
            return builder.ToString();
        }

        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (value.Minutes > 0)
        {
            builder.Append(value.Minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        var seconds = value.Seconds + (value.Ticks % TimeSpan.TicksPerSecond / (decimal)TimeSpan.TicksPerSecond);
        if (seconds > 0)
        {
            builder.Append(seconds.ToString("0.#######", CultureInfo.InvariantCulture)).Append('s');
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    [GeneratedRegex(@"([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
