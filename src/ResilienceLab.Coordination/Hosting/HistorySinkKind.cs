namespace ResilienceLab.Coordination;

/// <summary>Where <see cref="CoordinationHistoryOptions"/> sends history entries.</summary>
public enum HistorySinkKind
{
    /// <summary>Nowhere: no history is kept (metrics still are).</summary>
    None,

    /// <summary>A JSON Lines file, one line per entry, flushed per entry so a crash loses at most the line being written.</summary>
    File,

    /// <summary>Standard output, one JSON object per line among the logs (collected from pod logs on Kubernetes).</summary>
    Stdout,
}
