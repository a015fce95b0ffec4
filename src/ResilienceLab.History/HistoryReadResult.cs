namespace ResilienceLab.History;

/// <summary>What <see cref="HistoryReader"/> produced: the merged history and every problem found.</summary>
public sealed class HistoryReadResult
{
    internal HistoryReadResult(MergedHistory history, IReadOnlyList<HistoryProblem> problems)
    {
        History = history;
        Errors = [.. problems.Where(p => !p.IsWarning)];
        Warnings = [.. problems.Where(p => p.IsWarning)];
    }

    /// <summary>The well-formed entries merged in time order (lines with errors are left out, and listed in <see cref="Errors"/>).</summary>
    public MergedHistory History { get; }

    /// <summary>Problems that make the history unusable for checking.</summary>
    public IReadOnlyList<HistoryProblem> Errors { get; }

    /// <summary>Problems reported but tolerated (a torn last line of a killed writer, an empty line, an unknown op).</summary>
    public IReadOnlyList<HistoryProblem> Warnings { get; }

    /// <summary>True when there are no errors.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Returns the history, or throws <see cref="HistoryFormatException"/> listing every error.</summary>
    public MergedHistory EnsureValid() => IsValid ? History : throw new HistoryFormatException(Errors);
}
