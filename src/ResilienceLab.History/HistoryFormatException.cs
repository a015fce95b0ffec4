namespace ResilienceLab.History;

/// <summary>A history could not be used: it has one or more errors (each with file:line).</summary>
public sealed class HistoryFormatException : Exception
{
    private const int MaxErrorsInMessage = 20;

    public HistoryFormatException(IReadOnlyList<HistoryProblem> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Every error found (never only the first).</summary>
    public IReadOnlyList<HistoryProblem> Errors { get; }

    private static string Describe(IReadOnlyList<HistoryProblem> errors)
    {
        var lines = errors.Take(MaxErrorsInMessage).Select(e => e.ToString());
        var more = errors.Count > MaxErrorsInMessage ? $"{Environment.NewLine}... and {errors.Count - MaxErrorsInMessage} more" : string.Empty;
        return $"The history has {errors.Count} error(s):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}{more}";
    }
}
