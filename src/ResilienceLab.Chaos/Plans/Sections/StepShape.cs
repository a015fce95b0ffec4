using ResilienceLab.Chaos.Actions;
using ResilienceLab.Chaos.Plans.Shape;

namespace ResilienceLab.Chaos.Plans.Sections;

/// <summary>
/// An item of <c>schedule</c>: the fields every step has (name, action, timing) and, from the action registry
/// (<see cref="ChaosActions"/>), the argument fields of each action.
/// </summary>
internal static class StepShape
{
    /// <summary>The shortest period of a repeating step: chaos faster than this is a load test, not an experiment.</summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(100);

    public const int MaxFirings = 10_000;

    public static readonly StringField Name = new("name", "Unique step name; reports and chaos events use it.")
    {
        Format = PlanValues.Name,
        Required = true,
        Hint = "names the step in reports, e.g. name: kill-lock-holder",
    };

    public static readonly EnumField<ChaosActionKind> Action = new("action", "action", string.Empty)
    {
        Required = true,
        Hint = $"one of {string.Join(", ", PlanNames.All<ChaosActionKind>())}",
    };

    public static readonly DurationField At = new("at", "When a one-shot step fires; for a repeating step, its first firing (default: every).") { Positive = false };

    public static readonly DurationField Every = new("every", "Period of a repeating step (at least 100ms).") { Min = MinimumPeriod };

    public static readonly IntegerField Count = new("count", "How many times a repeating step fires.", 1, MaxFirings);

    public static readonly DurationField Until = new("until", "A repeating step does not fire after this time.") { Positive = false };

    public static readonly DurationField Jitter = new("jitter", "Each firing is delayed by a random [0, jitter] (seeded).") { Positive = false };

    /// <summary>The fields a step has whatever its action.</summary>
    public static readonly IReadOnlyList<FieldShape> Common = [Name, Action, At, Every, Count, Until, Jitter];

    /// <summary>The fields only a repeating step has.</summary>
    public static readonly IReadOnlyList<string> RepeatFields = [Count.Name, Until.Name];

    public static readonly SectionShape Section = new(
        "step",
        "A chaos step: an action, when it fires (at, or every + count/until), what it hits.",
        // The common timing fields first, then duration, jitter and selector (the order the loader's "expected one of"
        // has always listed), then every other action argument in action order.
        [.. Common.Take(6), CommonArguments.Duration, Jitter, CommonArguments.Selector, .. ChaosActions.ArgumentFields.Where(f => f != CommonArguments.Duration && f != CommonArguments.Selector)])
    {
        Always = new Presence
        {
            AnyOf = [At.Name, Every.Name],
            Needs = RepeatFields.ToDictionary(f => f, _ => new[] { Every.Name }),
            NotTogether = RepeatFields,
        },
        Conditions = [.. ChaosActions.Registrations.Select(r => new Condition(Action.Name, [r.YamlName], new Presence
        {
            Required = [.. r.Arguments.Required.Select(a => a.Field.Name)],
            Forbidden = [.. ChaosActions.ArgumentFields.Select(f => f.Name).Where(f => !r.Arguments.Accepts(f))],
        }))],
    };
}
