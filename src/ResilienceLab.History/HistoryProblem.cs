using ResilienceLab.History.Diagnostics;

namespace ResilienceLab.History;

/// <summary>One problem found while reading a history, with where it is and what was wrong.</summary>
/// <param name="Location">File and line.</param>
/// <param name="Kind">What kind of problem.</param>
/// <param name="Message">What was wrong and, where useful, what to do.</param>
/// <param name="IsWarning">True when the history is still usable.</param>
public sealed record HistoryProblem(HistoryLocation Location, HistoryProblemKind Kind, string Message, bool IsWarning = false)
{
    /// <summary>Longest message printed: a message quoting a huge value is cut (the value comes from the input).</summary>
    public const int MaxPrintedMessage = 1000;

    /// <summary>"file:line: error: message", the form compilers use; control characters from the input are escaped.</summary>
    public override string ToString() =>
        $"{DiagnosticText.Clean(Location.ToString(), MaxPrintedMessage)}: {(IsWarning ? "warning" : "error")}: {DiagnosticText.Clean(Message, MaxPrintedMessage)}";
}
