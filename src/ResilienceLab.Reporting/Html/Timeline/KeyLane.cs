using ResilienceLab.Verification.Checkers.LeaderSafety;
using ResilienceLab.Verification.Checkers.MutualExclusion;

namespace ResilienceLab.Reporting.Html;

/// <summary>What a key lane draws.</summary>
internal enum KeyLaneKind
{
    /// <summary>Lock holds by fencing token (overlapping holds on separate rows).</summary>
    Lock,

    /// <summary>Leadership terms by term number.</summary>
    Election,

    /// <summary>A task's committed step over time.</summary>
    Task,

    /// <summary>A counter's acknowledged increments against the store's value.</summary>
    Counter,
}

/// <summary>A value at a time (a committed step, a counter value).</summary>
internal sealed record TimePoint(DateTimeOffset Time, long Value);

/// <summary>One lane about a key rather than a process: how the key's state moved over the run.</summary>
internal sealed record KeyLane(KeyLaneKind Kind, string Key)
{
    public IReadOnlyList<LockHold> Holds { get; init; } = [];

    public IReadOnlyList<LeaderTerm> Terms { get; init; } = [];

    /// <summary>Task: committed steps; counter: the store's value (each acknowledged write in revision order, and reads).</summary>
    public IReadOnlyList<TimePoint> Values { get; init; } = [];

    /// <summary>Counter: initial value plus acknowledged increments so far (what the store should hold if none were lost).</summary>
    public IReadOnlyList<TimePoint> Acknowledged { get; init; } = [];

    /// <summary>Counter: the first moment acknowledged increments exceeded the store's value.</summary>
    public DateTimeOffset? Diverged { get; init; }

    /// <summary>Lock and election: the row of each hold or term, so bars that overlap do not hide each other.</summary>
    public IReadOnlyList<int> Rows { get; init; } = [];

    public int RowCount => Rows.Count == 0 ? 1 : Rows.Max() + 1;

    public double Height => Kind switch
    {
        KeyLaneKind.Lock => 8 + (RowCount * 14),
        KeyLaneKind.Election => 8 + (RowCount * 14),
        KeyLaneKind.Task => 36,
        _ => 58,
    };

    public string Title => Kind switch
    {
        KeyLaneKind.Lock => "lock " + Key,
        KeyLaneKind.Election => "election " + Key,
        KeyLaneKind.Task => "task " + Key,
        _ => "counter " + Key,
    };

    /// <summary>True when this lane is about <paramref name="key"/> (a task lane is about its lock /locks/tasks/1 too).</summary>
    public bool IsAbout(string? key) =>
        key is not null && (key == Key || key.EndsWith(Key, StringComparison.Ordinal) || Key.EndsWith(key, StringComparison.Ordinal));
}
