namespace ResilienceLab.History;

/// <summary>
/// Splits a history's text into lines as it streams in, without holding more than one line: a file is never read
/// whole, and a line longer than <see cref="HistoryReader.MaxLineLength"/> is measured but not kept.
/// </summary>
internal static class HistoryLines
{
    /// <summary>One line: its text (null when it was too long to keep), its length, and whether a newline ended it.</summary>
    internal readonly record struct Line(string? Text, long Length, bool EndsWithNewline);

    public static IEnumerable<Line> Split(TextReader reader, int maxLength)
    {
        var buffer = new char[64 * 1024];
        var current = new System.Text.StringBuilder();
        long length = 0;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != '\n')
                {
                    continue;
                }

                Append(i);
                yield return Finish(endsWithNewline: true);
                start = i + 1;
            }

            Append(read);

            void Append(int end)
            {
                var count = end - start;
                length += count;
                if (length <= maxLength)
                {
                    current.Append(buffer, start, count);
                }
            }
        }

        if (length > 0)
        {
            yield return Finish(endsWithNewline: false);
        }

        Line Finish(bool endsWithNewline)
        {
            var text = length <= maxLength ? current.ToString().TrimEnd('\r') : null;
            var line = new Line(text, length, endsWithNewline);
            current.Clear();
            length = 0;
            return line;
        }
    }
}
