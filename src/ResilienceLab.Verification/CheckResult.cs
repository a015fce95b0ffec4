namespace ResilienceLab.Verification;

/// <summary>What one check concluded about a history.</summary>
public sealed record CheckResult
{
    private const int MaxViolationsInCounterexample = 5;

    /// <summary>The check's name (e.g. "linearizability").</summary>
    public required string Name { get; init; }

    /// <summary>Passed, failed or inconclusive.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>One line: what was checked and what was found.</summary>
    public required string Summary { get; init; }

    /// <summary>For a failure: the minimal, human-readable evidence (processes, times, tokens, file:line).</summary>
    public string? Counterexample { get; init; }

    /// <summary>Every violation found, in time order.</summary>
    public IReadOnlyList<Violation> Violations { get; init; } = [];

    /// <summary>How long the check took, when measured.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="CheckStatus.Passed"/>.</summary>
    public bool Passed => Status == CheckStatus.Passed;

    /// <summary>A passing result.</summary>
    public static CheckResult Pass(string name, string summary) =>
        new() { Name = name, Status = CheckStatus.Passed, Summary = summary };

    /// <summary>An undecided result.</summary>
    public static CheckResult Inconclusive(string name, string summary, string? details = null) =>
        new() { Name = name, Status = CheckStatus.Inconclusive, Summary = summary, Counterexample = details };

    /// <summary>
    /// A failing result from violations (sorted by time); the counterexample is the earliest violation
    /// of each kind, then a count of the rest, after an optional <paramref name="preamble"/>.
    /// </summary>
    public static CheckResult Fail(string name, string summary, IEnumerable<Violation> violations, string? preamble = null)
    {
        var sorted = violations.OrderBy(v => v.Start).ThenBy(v => v.Kind, StringComparer.Ordinal).ToList();
        var shown = sorted.GroupBy(v => v.Kind).Select(g => g.First()).Take(MaxViolationsInCounterexample).ToList();
        var lines = new List<string>();
        if (preamble is not null)
        {
            lines.Add(preamble);
        }

        lines.AddRange(shown.Select(v => $"[{v.Kind}] {v.Message}"));
        if (sorted.Count > shown.Count)
        {
            lines.Add($"... {sorted.Count - shown.Count} more violation(s) of kinds {string.Join(", ", sorted.Select(v => v.Kind).Distinct())}");
        }

        return new CheckResult
        {
            Name = name,
            Status = CheckStatus.Failed,
            Summary = summary,
            Violations = sorted,
            Counterexample = string.Join(Environment.NewLine, lines),
        };
    }
}
