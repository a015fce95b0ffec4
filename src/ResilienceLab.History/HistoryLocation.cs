namespace ResilienceLab.History;

/// <summary>Where an entry came from: a file (or in-memory source) and a 1-based line number.</summary>
/// <param name="Source">The file path as given to the reader, or a name for in-memory entries.</param>
/// <param name="Line">1-based line number; 0 when the problem concerns the whole source.</param>
public readonly record struct HistoryLocation(string Source, int Line)
{
    /// <summary>"file:line", the form editors and CI logs turn into links.</summary>
    public override string ToString() => Line > 0 ? $"{Source}:{Line}" : Source;
}
