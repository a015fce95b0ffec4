using ResilienceLab.History;

namespace ResilienceLab.Coordination;

/// <summary>Where the primitives record their history (docs/history.md), bound from configuration or set in code.</summary>
public sealed class CoordinationHistoryOptions
{
    /// <summary>Where entries go. Default <see cref="HistorySinkKind.None"/>: the primitives keep no history.</summary>
    public HistorySinkKind Sink { get; set; } = HistorySinkKind.None;

    /// <summary>The JSON Lines file of <see cref="HistorySinkKind.File"/> (appended to; its folder is created).</summary>
    public string? Path { get; set; }

    /// <summary>The name stamped on every entry: the replica's name (default: the host name, which is the pod name on Kubernetes).</summary>
    public string ProcessName { get; set; } = Environment.MachineName;

    /// <summary>Every problem with these options, one sentence each; empty when they are valid.</summary>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Sink == HistorySinkKind.File && string.IsNullOrWhiteSpace(Path))
        {
            errors.Add("CoordinationHistoryOptions.Path is empty: the File sink needs a path, e.g. /var/log/reslab/history.jsonl.");
        }

        if (string.IsNullOrWhiteSpace(ProcessName))
        {
            errors.Add("CoordinationHistoryOptions.ProcessName is empty: name the replica (default: the host name).");
        }

        return errors;
    }

    internal IHistorySink CreateSink() => Sink switch
    {
        HistorySinkKind.File => new JsonlHistoryWriter(Path!),
        HistorySinkKind.Stdout => new TextHistoryWriter(Console.Out),
        _ => NullHistorySink.Instance,
    };
}
