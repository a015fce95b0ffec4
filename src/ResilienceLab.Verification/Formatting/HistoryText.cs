using System.Globalization;
using ResilienceLab.History;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification.Formatting;

/// <summary>Short, human-readable descriptions of times and operations for counterexamples.</summary>
internal static class HistoryText
{
    /// <summary>Seconds since the history's first entry, e.g. "+5.200s".</summary>
    public static string At(OperationHistory history, DateTimeOffset time) =>
        "+" + (time - history.Start).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) + "s";

    /// <summary>A duration as "12.5s".</summary>
    public static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    /// <summary>"[+1.000s → +1.200s]" or "[+1.000s → open]".</summary>
    public static string Interval(OperationHistory history, Operation op) =>
        $"[{At(history, op.InvokeTime)} → {(op.CompleteTime is { } c ? At(history, c) : "no completion")}]";

    /// <summary>Where the operation's completion (or invoke) is in the files, e.g. "worker-1.jsonl:42".</summary>
    public static string Where(OperationHistory history, Operation op) =>
        history.History.Locations[op.CompletionIndex >= 0 ? op.CompletionIndex : op.InvokeIndex].ToString();

    /// <summary>Where an entry is in the files.</summary>
    public static string Where(OperationHistory history, HistoryEntry entry)
    {
        for (var i = 0; i < history.History.Count; i++)
        {
            if (ReferenceEquals(history.History.Entries[i], entry))
            {
                return history.History.Locations[i].ToString();
            }
        }

        return "?";
    }

    /// <summary>"worker-2 task.commit /tasks/7 value=3 token=15 ok [+4.100s → +4.180s] (worker-2.jsonl:57)".</summary>
    public static string Describe(OperationHistory history, Operation op)
    {
        var parts = new List<string> { op.Process, op.Op };
        if (op.Key is not null)
        {
            parts.Add(op.Key);
        }

        if (op.Expected is not null)
        {
            parts.Add($"expected={op.Expected}");
        }

        if (op.Value is not null)
        {
            parts.Add($"value={op.Value}");
        }

        if (op.Token is { } token)
        {
            parts.Add($"token={token}");
        }

        if (op.Revision is { } revision)
        {
            parts.Add($"rev={revision}");
        }

        parts.Add(op.IsOpen ? "(no completion)" : op.Outcome.ToString().ToLowerInvariant());
        parts.Add(Interval(history, op));
        return $"{string.Join(' ', parts)} ({Where(history, op)})";
    }

    /// <summary>Header line that anchors relative times.</summary>
    public static string Origin(OperationHistory history) =>
        $"times are seconds since the first entry at {history.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}";
}
