using System.Text;

namespace ResilienceLab.History;

/// <summary>
/// Appends entries to a JSON Lines file, one write + flush per entry, so that a SIGKILL loses at most
/// the line being written (the reader reports such a torn last line as a warning naming file and line, and treats
/// the entry as never recorded; it never skips anything silently).
/// </summary>
public sealed class JsonlHistoryWriter : IHistorySink, IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _stream;

    public JsonlHistoryWriter(string path)
    {
        Path = path;
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    public void Record(HistoryEntry entry)
    {
        var bytes = Encoding.UTF8.GetBytes(HistoryJson.Serialize(entry) + "\n");
        lock (_gate)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream.Dispose();
        }
    }
}
