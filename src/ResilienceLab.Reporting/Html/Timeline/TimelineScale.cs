namespace ResilienceLab.Reporting.Html;

/// <summary>Maps history times in a window [<see cref="From"/>, <see cref="To"/>] to x coordinates of the plot area; times are offsets from the history's start.</summary>
internal sealed class TimelineScale
{
    private readonly DateTimeOffset _origin;

    public TimelineScale(DateTimeOffset origin, DateTimeOffset from, DateTimeOffset to, double left, double width)
    {
        _origin = origin;
        From = from;
        To = to > from ? to : from.AddMilliseconds(1);
        Left = left;
        Width = width;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public double Left { get; }

    public double Width { get; }

    public double Right => Left + Width;

    /// <summary>The window's length in seconds.</summary>
    public double Seconds => (To - From).TotalSeconds;

    /// <summary>True when [start, end] overlaps the window.</summary>
    public bool Shows(DateTimeOffset start, DateTimeOffset end) => end >= From && start <= To;

    public double X(DateTimeOffset time) => Left + (Math.Clamp((time - From).TotalSeconds, 0, Seconds) / Seconds * Width);

    /// <summary>Seconds since the history's start (what every label shows).</summary>
    public double Offset(DateTimeOffset time) => (time - _origin).TotalSeconds;
}
