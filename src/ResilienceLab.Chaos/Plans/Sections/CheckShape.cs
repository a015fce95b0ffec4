using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary>An item of <c>checks</c> in its mapping form: a check and its bounds.</summary>
internal static class CheckShape
{
    /// <summary>Every check's name: a list item may be just the name.</summary>
    public static readonly ValueDefinition Names = new("checkName", EnumField<CheckKind>.Names);

    public static readonly EnumField<CheckKind> Name = new("name", "check", string.Empty)
    {
        Definition = Names,
        Required = true,
        Hint = $"one of {string.Join(", ", PlanNames.All<CheckKind>())}",
    };

    public static readonly DurationField ResumeWithin = new("resumeWithin", "task-resumption: the longest an orphaned task may wait for a new holder (default lockTtl + 5s).") { Max = TimeSpan.FromHours(1) };

    public static readonly DurationField NewLeaderWithin = new("newLeaderWithin", "leader-safety: the longest the election may go without a leader (default ttl + 5s).") { Max = TimeSpan.FromHours(1) };

    /// <summary>Each bound and the one check it belongs to.</summary>
    public static readonly IReadOnlyList<(DurationField Bound, CheckKind Owner)> Bounds = [(ResumeWithin, CheckKind.TaskResumption), (NewLeaderWithin, CheckKind.LeaderSafety)];

    public static readonly SectionShape Section = new("check", string.Empty, [Name, ResumeWithin, NewLeaderWithin])
    {
        Conditions = [.. Bounds.Select(b => new Condition("name", [PlanNames.Of(b.Owner)], new Presence { Forbidden = [b.Bound.Name] }) { Negated = true })],
    };
}
