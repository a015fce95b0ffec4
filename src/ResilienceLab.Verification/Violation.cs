using ResilienceLab.Verification.Checkers.Linearizability;
using ResilienceLab.Verification.Operations;

namespace ResilienceLab.Verification;

/// <summary>
/// One violation, structured so a report can draw it: which processes, when, on which key, which
/// tokens. <see cref="Message"/> says the same for a person.
/// </summary>
public sealed record Violation
{
    /// <summary>The check that found it (e.g. "mutual-exclusion").</summary>
    public required string Check { get; init; }

    /// <summary>The kind of violation (e.g. "stale-write"); each check lists its kinds in its Constants class.</summary>
    public required string Kind { get; init; }

    /// <summary>What happened, with processes, times and tokens.</summary>
    public required string Message { get; init; }

    /// <summary>The key (lock, task, election, counter, register) involved.</summary>
    public string? Key { get; init; }

    /// <summary>The processes involved, most relevant first.</summary>
    public IReadOnlyList<string> Processes { get; init; } = [];

    /// <summary>When the violation starts (the earliest entry involved).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>When it ends (the latest entry involved); equal to <see cref="Start"/> for an instant.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Fencing tokens or terms involved.</summary>
    public IReadOnlyList<long> Tokens { get; init; } = [];

    /// <summary>
    /// The recorded operations the violation is made of (the two writes that raced, the stale write and the
    /// acquisition it ignored, the read that came up short), so a report can highlight them where they happened.
    /// </summary>
    public IReadOnlyList<Operation> Operations { get; init; } = [];

    /// <summary>For a linearizability failure: the longest linearizable prefix and what could not be placed after it.</summary>
    public LinearizabilityFailure? Linearization { get; init; }
}
