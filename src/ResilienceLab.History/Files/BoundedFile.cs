using System.Text;

namespace ResilienceLab.History.Files;

/// <summary>
/// Reads a whole small text file with its size limit enforced while reading: the size a file reports is not trusted
/// (/proc files and devices report 0 and may never end).
/// </summary>
public static class BoundedFile
{
    /// <summary>UTF-8 that throws <see cref="DecoderFallbackException"/> on invalid bytes instead of replacing them silently.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The file's text (strict UTF-8), or null when it holds more than <paramref name="maxBytes"/> bytes. Callers check
    /// <see cref="FileKind.DescribeIfNotRegular"/> first so that a FIFO is never opened.
    /// </summary>
    /// <exception cref="DecoderFallbackException">The file is not UTF-8 text.</exception>
    public static string? ReadAllText(string path, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        using var content = new MemoryStream();

        // Read one byte past the limit: its presence is what proves the file too large.
        while (content.Length <= maxBytes)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - content.Length));
            if (read == 0)
            {
                return StrictUtf8.GetString(content.GetBuffer(), 0, (int)content.Length).TrimStart('\uFEFF');
            }

            content.Write(buffer, 0, read);
        }

        return null;
    }
}
