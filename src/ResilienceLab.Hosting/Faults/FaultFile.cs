using System.Globalization;
using ResilienceLab.Coordination;

namespace ResilienceLab.Hosting;

/// <summary>
/// The text of a worker's fault file (<c>Store:FaultFile</c>): one line per fault in force, empty for none. A
/// store-fault line (<see cref="InjectedStoreFaults.Format"/>: <c>unavailable 0.3 seed=42</c>) and a clock line
/// (<see cref="ClockLine"/>: <c>clock skew=00:00:02 drift=-0.5</c>), each at most once, in any order. A file of one
/// store-fault line, or empty, reads as it always did; a worker that does not read the file is unaffected by both.
/// </summary>
public static class FaultFile
{
    /// <summary>The first word of a clock line.</summary>
    public const string ClockKeyword = "clock";

    private const string SkewPrefix = "skew=";
    private const string DriftPrefix = "drift=";

    /// <summary>The clock line for <paramref name="skew"/> and <paramref name="drift"/> (what <see cref="ApplyClock"/> reads).</summary>
    public static string ClockLine(TimeSpan skew, double drift) =>
        string.Create(CultureInfo.InvariantCulture, $"{ClockKeyword} {SkewPrefix}{skew:c} {DriftPrefix}{drift:R}");

    /// <summary>The file's text for a store-fault line and a clock line, either of them empty for none.</summary>
    public static string Compose(string storeFault, string clock) =>
        string.Join('\n', new[] { storeFault.Trim(), clock.Trim() }.Where(line => line.Length > 0));

    /// <summary>
    /// Writes <paramref name="text"/> (<see cref="Compose"/>, or empty for no fault) to a worker's fault file: whole or
    /// not at all, by rename, because the worker polls the file and must never read half a line.
    /// </summary>
    public static void Write(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The store-fault line and the clock line of a file's text ("" for each that is absent).</summary>
    /// <exception cref="FormatException">More than one line of a kind.</exception>
    public static (string StoreFault, string Clock) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (store, clock) = (string.Empty, string.Empty);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var isClock = line.StartsWith(ClockKeyword + " ", StringComparison.Ordinal);
            if ((isClock ? clock : store).Length > 0)
            {
                throw new FormatException($"fault file: a second {(isClock ? "clock" : "store-fault")} line '{line}'; expected at most one of each");
            }

            (store, clock) = isClock ? (store, line) : (line, clock);
        }

        return (store, clock);
    }

    /// <summary>
    /// Sets <paramref name="clock"/> from a clock line (<see cref="ClockLine"/>), or back to true time for an empty one.
    /// Throws <see cref="FormatException"/> naming what was expected; the clock is unchanged then.
    /// </summary>
    public static void ApplyClock(string line, SkewedTimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(clock);
        if (line.Trim().Length == 0)
        {
            clock.Reset();
            return;
        }

        var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts is not [ClockKeyword, var skewPart, var driftPart]
            || !skewPart.StartsWith(SkewPrefix, StringComparison.Ordinal)
            || !TimeSpan.TryParseExact(skewPart[SkewPrefix.Length..], "c", CultureInfo.InvariantCulture, out var skew)
            || !driftPart.StartsWith(DriftPrefix, StringComparison.Ordinal)
            || !double.TryParse(driftPart[DriftPrefix.Length..], NumberStyles.Float, CultureInfo.InvariantCulture, out var drift)
            || double.IsNaN(drift) || drift <= -1 || drift >= 1)
        {
            throw new FormatException($"clock fault '{line.Trim()}': expected 'clock skew=<[-][d.]hh:mm:ss[.fffffff]> drift=<number greater than -1 and less than 1>'");
        }

        clock.Set(skew, drift);
    }
}
