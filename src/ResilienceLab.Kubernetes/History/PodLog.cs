using System.Text;
using System.Text.Json;
using ResilienceLab.History;

namespace ResilienceLab.Kubernetes.History;

/// <summary>What the collector has read of one pod's log: its history lines (JSON objects) and a count of the rest.</summary>
internal sealed class PodLog(string pod, int order)
{
    private readonly Lock _gate = new();
    private readonly List<string> _history = [];
    private readonly TaskCompletionSource _attached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _otherLines;

    public string Pod { get; } = pod;

    /// <summary>When the pod was first seen, so histories merge in a stable order.</summary>
    public int Order { get; } = order;

    /// <summary>Stops following this pod.</summary>
    public CancellationTokenSource Stop { get; } = new();

    /// <summary>The follow loop; completes when the pod's log has been read to its end (or following was stopped).</summary>
    public Task Following { get; set; } = Task.CompletedTask;

    /// <summary>Completes once a log stream was opened (faulted when it cannot be, e.g. 403 on pods/log).</summary>
    public Task Attached => _attached.Task;

    public bool IsAttached => _attached.Task.IsCompletedSuccessfully;

    /// <summary>The pod left the API: once its stream ends there is nothing more to read.</summary>
    public bool Gone { get; set; }

    public int HistoryLineCount
    {
        get
        {
            lock (_gate)
            {
                return _history.Count;
            }
        }
    }

    public int OtherLineCount => Volatile.Read(ref _otherLines);

    public void MarkAttached() => _attached.TrySetResult();

    public void Fail(Exception error) => _attached.TrySetException(error);

    /// <summary>Keeps <paramref name="line"/> when it is a history entry (a JSON object); counts it otherwise (log output, stderr).</summary>
    public void Add(string line)
    {
        if (IsHistoryLine(line))
        {
            lock (_gate)
            {
                _history.Add(line.TrimEnd('\r'));
            }
        }
        else
        {
            Interlocked.Increment(ref _otherLines);
        }
    }

    /// <summary>
    /// The history lines as one JSON Lines text. A last line that is not valid JSON is left without its newline, so
    /// the history reader treats it like the torn last line of a killed writer (a warning) instead of an error.
    /// </summary>
    public HistorySource ToSource(string @namespace)
    {
        List<string> lines;
        lock (_gate)
        {
            lines = [.. _history];
        }

        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append(lines[i]);
            if (i < lines.Count - 1 || IsValidJson(lines[i]))
            {
                text.Append('\n');
            }
        }

        return new HistorySource($"pod {@namespace}/{Pod} (log)", text.ToString());
    }

    /// <summary>The worker's history lines start with '{'; its log lines start with a timestamp.</summary>
    public static bool IsHistoryLine(string line) => line.Length > 0 && line[0] == '{';

    private static bool IsValidJson(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
