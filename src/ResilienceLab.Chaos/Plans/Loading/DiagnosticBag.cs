namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>Collects a file's diagnostics; drops exact repeats (an aliased node is read once per use).</summary>
internal sealed class DiagnosticBag(string file)
{
    private readonly List<PlanDiagnostic> items = [];
    private readonly HashSet<PlanDiagnostic> seen = [];

    public string File { get; } = file;

    public bool HasErrors { get; private set; }

    public void Error(PlanLocation at, string code, string message) => Add(at, PlanDiagnosticSeverity.Error, code, message);

    public void Warning(PlanLocation at, string code, string message) => Add(at, PlanDiagnosticSeverity.Warning, code, message);

    /// <summary>Every diagnostic by position; at one position, in the order found.</summary>
    public IReadOnlyList<PlanDiagnostic> ToSortedList() =>
        [.. items.Select((d, i) => (d, i)).OrderBy(x => x.d.Line).ThenBy(x => x.d.Column).ThenBy(x => x.i).Select(x => x.d)];

    private void Add(PlanLocation at, PlanDiagnosticSeverity severity, string code, string message)
    {
        var diagnostic = new PlanDiagnostic(File, Math.Max(at.Line, 1), Math.Max(at.Column, 1), severity, code, message);
        if (seen.Add(diagnostic))
        {
            items.Add(diagnostic);
            HasErrors |= severity == PlanDiagnosticSeverity.Error;
        }
    }
}
