using System.Text;

namespace ResilienceLab.History;

/// <summary>
/// Splits a history file into lines as its bytes stream in, without holding more than one line: a file is never read
/// whole, and a line longer than <see cref="HistoryReader.MaxLineLength"/> is measured but not kept. A line is handed
/// out as the bytes in the read buffer (<see cref="Bytes"/>, valid until the next <see cref="MoveNext"/>), so a
/// well-formed entry is parsed where it lies; <see cref="Decode"/> makes the text the general parser reports on.
/// </summary>
/// <remarks>
/// The text of a line is decoded from UTF-8 with each invalid byte marked by <see cref="InvalidByteMark"/> (a
/// noncharacter no writer emits), so an error can name the column of the first one. A leading byte order mark is
/// skipped. Lengths are in characters (UTF-16 code units) of the decoded text, as the limit is stated.
/// </remarks>
internal sealed class HistoryLines
{
    /// <summary>Marks an invalid byte in decoded text.</summary>
    public const char InvalidByteMark = '\uFFFF';

    private static readonly UTF8Encoding MarkingUtf8 = (UTF8Encoding)Encoding.GetEncoding(
        "utf-8", EncoderFallback.ExceptionFallback, new DecoderReplacementFallback(InvalidByteMark.ToString()));

    private readonly Stream _stream;
    private readonly int _maxLength;
    private readonly int _keepLimit;
    private readonly Decoder _counter = MarkingUtf8.GetDecoder();
    private byte[] _buffer = new byte[64 * 1024];
    private int _start, _end, _lineStart, _lineLength;
    private long _countedLength;
    private bool _endOfStream, _started;

    /// <summary>Splits <paramref name="stream"/>; lines longer than <paramref name="maxLength"/> characters are measured, not kept.</summary>
    public HistoryLines(Stream stream, int maxLength)
    {
        _stream = stream;
        _maxLength = maxLength;
        // A character takes at most 3 bytes (a 4-byte sequence makes 2 characters), so a line of more bytes than this
        // is longer than the limit for certain and is only counted.
        _keepLimit = (3 * maxLength) + 3;
    }

    /// <summary>One line as text: null when it was too long to keep; its length; whether a newline ended it.</summary>
    internal readonly record struct Line(string? Text, long Length, bool EndsWithNewline);

    /// <summary>True when a newline ended the current line (false for a last line without one).</summary>
    public bool EndsWithNewline { get; private set; }

    /// <summary>True when the current line's bytes were kept (it may fit the limit).</summary>
    public bool IsKept { get; private set; }

    /// <summary>The current line's bytes, without the newline; empty when not kept.</summary>
    public ReadOnlySpan<byte> Bytes => IsKept ? _buffer.AsSpan(_lineStart, _lineLength) : default;

    /// <summary>Advances to the next line; false at the end of the stream.</summary>
    public bool MoveNext()
    {
        if (!_started)
        {
            _started = true;
            Fill();
            if (_buffer.AsSpan(0, _end).StartsWith(Encoding.UTF8.Preamble))
            {
                _start = Encoding.UTF8.Preamble.Length;
            }
        }

        var counting = false;
        var searchFrom = _start;
        while (true)
        {
            var newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0 || _endOfStream)
            {
                var end = newline >= 0 ? searchFrom + newline : _end;
                if (!counting && end == _start && newline < 0)
                {
                    return false;
                }

                EndsWithNewline = newline >= 0;
                IsKept = !counting;
                if (counting)
                {
                    _countedLength += _counter.GetCharCount(_buffer.AsSpan(_start, end - _start), flush: true);
                }

                (_lineStart, _lineLength) = (_start, end - _start);
                _start = newline >= 0 ? end + 1 : end;
                return true;
            }

            searchFrom = _end;
            if (counting)
            {
                _countedLength += _counter.GetCharCount(_buffer.AsSpan(_start, _end - _start), flush: false);
                (_start, _end, searchFrom) = (0, 0, 0);
            }
            else if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                (searchFrom, _end, _start) = (_end - _start, _end - _start, 0);
            }
            else if (_end == _buffer.Length && _buffer.Length < _keepLimit)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _keepLimit));
            }
            else if (_end == _buffer.Length)
            {
                counting = true;
                _counter.Reset();
                _countedLength = _counter.GetCharCount(_buffer.AsSpan(0, _end), flush: false);
                (_start, _end, searchFrom) = (0, 0, 0);
            }

            Fill();
        }
    }

    /// <summary>The current line as text (the general parser's input and the too-long message's length).</summary>
    public Line Decode()
    {
        if (!IsKept)
        {
            return new Line(null, _countedLength, EndsWithNewline);
        }

        var text = MarkingUtf8.GetString(Bytes);
        return text.Length <= _maxLength ? new Line(text.TrimEnd('\r'), text.Length, EndsWithNewline) : new Line(null, text.Length, EndsWithNewline);
    }

    private void Fill()
    {
        while (!_endOfStream && _end < _buffer.Length)
        {
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
            if (read > 0)
            {
                return;
            }
        }
    }
}
