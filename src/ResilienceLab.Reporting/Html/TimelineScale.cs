namespace ResilienceLab.Reporting.Html;

/// <summary>Maps history times to x coordinates of the timeline's plot area.</summary>
internal sealed class TimelineScale
{
    private readonly DateTimeOffset _start;
    private readonly double _seconds;

    public TimelineScale(DateTimeOffset start, DateTimeOffset end, double left, double width)
    {
        _start = start;
        _seconds = Math.Max((end - start).TotalSeconds, 0.001);
        Left = left;
        Width = width;
    }

    public double Left { get; }

    public double Width { get; }

    public double Seconds => _seconds;

    public double X(DateTimeOffset time) => Left + (Math.Clamp((time - _start).TotalSeconds, 0, _seconds) / _seconds * Width);

    public double Offset(DateTimeOffset time) => (time - _start).TotalSeconds;
}
