using System.Globalization;
using System.Text;

namespace ResilienceLab.History.Diagnostics;

/// <summary>
/// Makes text from untrusted input safe to print in a diagnostic: control characters (ESC and the rest, which would
/// drive the terminal) are escaped as \uXXXX, and a long value is shortened with its full length stated.
/// </summary>
public static class DiagnosticText
{
    /// <summary>Longest echoed value; past it the text is cut and "… (N characters)" says how much there was.</summary>
    public const int MaxEchoLength = 200;

    /// <summary>
    /// <paramref name="text"/> with control characters escaped (tab kept) and cut to <paramref name="maxLength"/>
    /// characters, stating the original length when it was cut.
    /// </summary>
    public static string Clean(string text, int maxLength = MaxEchoLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cut = text.Length > maxLength;
        var shown = cut ? text.AsSpan(0, maxLength) : text.AsSpan();
        var needsEscape = false;
        foreach (var c in shown)
        {
            if (IsEscaped(c))
            {
                needsEscape = true;
                break;
            }
        }

        if (!needsEscape && !cut)
        {
            return text;
        }

        var builder = new StringBuilder(shown.Length + 32);
        foreach (var c in shown)
        {
            if (IsEscaped(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (cut)
        {
            builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        }

        return builder.ToString();
    }

    // C0 and C1 controls and DEL; a tab is harmless on a terminal.
    private static bool IsEscaped(char c) => c != '\t' && char.IsControl(c);
}
