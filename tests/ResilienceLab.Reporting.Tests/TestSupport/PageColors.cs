namespace ResilienceLab.Reporting.Tests.TestSupport;

/// <summary>The report's colours as a screenshot shows them, with room for anti-aliasing.</summary>
internal static class PageColors
{
    /// <summary>Violation red (#dc2626): nothing else on a page is red.</summary>
    public static bool IsRed(byte r, byte g, byte b) => r > 180 && g < 90 && b < 90;

    /// <summary>Lock-hold and histogram blue (#2563eb).</summary>
    public static bool IsHoldBlue(byte r, byte g, byte b) => r < 80 && g > 80 && g < 130 && b > 200;

    /// <summary>Leadership-term and passing-seed green (#16a34a).</summary>
    public static bool IsGreen(byte r, byte g, byte b) => r < 60 && g > 140 && b < 100;

    /// <summary>Chaos-marker amber (#f59e0b).</summary>
    public static bool IsChaosAmber(byte r, byte g, byte b) => r > 230 && g > 140 && g < 175 && b < 40;
}
