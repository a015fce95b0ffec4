using System.Globalization;
using ResilienceLab.History.Diagnostics;

namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// One problem found in a plan, with its place in the file. <see cref="ToString"/> gives the compiler-style line
/// <c>file:line:col: error RLP003: message</c> that editors and CI annotate.
/// </summary>
/// <param name="File">The plan file as given to the loader.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Code">A stable code from <see cref="PlanDiagnosticCodes"/>.</param>
/// <param name="Message">What was found, what was expected, and what to do.</param>
public sealed record PlanDiagnostic(string File, int Line, int Column, PlanDiagnosticSeverity Severity, string Code, string Message)
{
    /// <summary>True for errors.</summary>
    public bool IsError => Severity == PlanDiagnosticSeverity.Error;

    /// <summary>The location as a <see cref="PlanLocation"/>.</summary>
    public PlanLocation Location => new(Line, Column);

    /// <inheritdoc />
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{DiagnosticText.Clean(File, MaxPrinted)}:{Line}:{Column}: {(IsError ? "error" : "warning")} {Code}: {DiagnosticText.Clean(Message, MaxPrinted)}");

    // A message quotes what the plan holds; control characters from it are escaped and a huge value is cut.
    private const int MaxPrinted = 1000;
}
