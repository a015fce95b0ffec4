namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private const int MaxFirings = 10_000;

    private static readonly string[] RepeatFields = ["count", "until"];

    /// <summary>The shortest period of a repeating step: chaos faster than this is a load test, not an experiment.</summary>
    private static readonly TimeSpan MinimumPeriod = TimeSpan.FromMilliseconds(100);

    private List<ChaosStep> BindSchedule(SectionReader plan)
    {
        var steps = new List<ChaosStep>();
        var names = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        foreach (var (item, path) in Items(plan.Sequence("schedule"), "schedule", PlanFields.Step, "a step mapping (name, action, at or every, …)"))
        {
            var name = item.String("name", required: true, hint: "names the step in reports, e.g. name: kill-lock-holder");
            CheckName(item, "name", name);
            if (name is not null && context.Sound(item.Sub("name")))
            {
                CheckUnique(names, name, item.Sub("name"), "step name");
            }

            var action = item.Enum<ChaosActionKind>("action", "action", required: true, hint: $"one of {string.Join(", ", PlanNames.All<ChaosActionKind>())}");
            if (action is { } known)
            {
                CheckActionFields(item, known);
            }

            BindTiming(item, path);
            steps.Add(new ChaosStep
            {
                Name = name ?? $"step-{steps.Count}",
                Action = action ?? ChaosActionKind.Kill,
                At = item.Duration("at", positive: false),
                Every = item.Duration("every", min: MinimumPeriod),
                Count = item.Int("count", 1, MaxFirings),
                Until = item.Duration("until", positive: false),
                Duration = item.Duration("duration"),
                Jitter = item.Duration("jitter", positive: false) ?? TimeSpan.Zero,
                Selector = BindSelector(item),
                Member = BindMember(item),
                Latency = item.Duration("latency", max: TimeSpan.FromMinutes(10)),
                LatencyJitter = item.Duration("latencyJitter", positive: false, max: TimeSpan.FromMinutes(10)),
                Probability = item.Number("probability", 0, 1, minExclusive: true),
                Fault = item.Enum<StoreFaultKind>("fault", "store fault"),
                Location = item.Mapping.Start,
            });
        }

        return steps;
    }

    private void CheckActionFields(SectionReader step, ChaosActionKind action)
    {
        var actionName = PlanNames.Of(action);
        foreach (var field in step.WrittenFields.Where(f => PlanFields.Step.Contains(f) && !ActionRules.Accepts(action, f)))
        {
            var users = ActionRules.UsedBy(field);
            context.Error(step.Sub(field), PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' does not apply to action '{actionName}'; it is used by: {string.Join(", ", users)}", atKey: true);
        }

        foreach (var field in ActionRules.Required(action).Where(f => !step.Has(f)))
        {
            step.Missing(field, $"{actionName} needs {ActionRules.Hint(field)}");
        }
    }

    private void BindTiming(SectionReader step, string path)
    {
        if (!step.Has("at") && !step.Has("every"))
        {
            if (!step.WasSuggested("at") && !step.WasSuggested("every"))
            {
                context.Diagnostics.Error(context.Locate(path, atKey: true), PlanDiagnosticCodes.MissingField, $"{path} is missing 'at' or 'every': when the step fires (at: 10s fires once; every: 10s repeats)");
            }

            context.Fail(PlanContext.Join(path, "at"));
        }

        foreach (var field in RepeatFields.Where(f => step.Has(f) && !step.Has("every")))
        {
            context.Error(step.Sub(field), PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' applies only to a repeating step; add every: <period> or remove it", atKey: true);
        }

        if (step.Has("count") && step.Has("until"))
        {
            context.Error(step.Sub("until"), PlanDiagnosticCodes.ConflictingFields, "a repeating step ends after 'count' firings or at 'until', not both; remove one", atKey: true);
        }
    }

    private ReplicaSelector? BindSelector(SectionReader step)
    {
        var section = step.Section("selector", PlanFields.Selector);
        if (section is null)
        {
            return null;
        }

        var mode = section.Enum<SelectorMode>("mode", "selector mode") ?? SelectorMode.One;
        var value = section.Int("value", 1, ChaosPlanConstants.MaxReplicas);
        var modeName = PlanNames.Of(mode);
        if (context.Sound(section.Sub("mode")))
        {
            switch (mode)
            {
                case SelectorMode.One or SelectorMode.All when section.Has("value"):
                    context.Error(section.Sub("value"), PlanDiagnosticCodes.FieldNotApplicable, $"'value' does not apply to mode '{modeName}'; it is used by fixed, fixed-percent and random-max-percent", atKey: true);
                    break;
                case SelectorMode.Fixed or SelectorMode.FixedPercent or SelectorMode.RandomMaxPercent when !section.Has("value"):
                    section.Missing("value", mode == SelectorMode.Fixed ? "mode fixed needs the number of replicas, e.g. value: 2" : $"mode {modeName} needs a percentage from 1 to 100, e.g. value: 50");
                    break;
                case SelectorMode.FixedPercent or SelectorMode.RandomMaxPercent when value > 100:
                    section.Report("value", PlanDiagnosticCodes.OutOfRange, $"{value} is out of range; mode {modeName} takes a percentage from 1 to 100");
                    break;
            }
        }

        return new ReplicaSelector
        {
            Mode = mode,
            Value = value,
            Role = section.Enum<ReplicaRole>("role", "role") ?? ReplicaRole.Any,
            Task = section.Int("task", 0, ChaosPlanConstants.MaxTasks - 1),
            Lock = NonEmpty(section, "lock", "the lock's name, or a prefix ending in '/' for every lock under it"),
            Election = NonEmpty(section, "election", "the election's name"),
        };
    }

    private static string? NonEmpty(SectionReader section, string field, string what)
    {
        var value = section.String(field);
        if (value is { Length: 0 })
        {
            section.Report(field, PlanDiagnosticCodes.InvalidFormat, $"is empty; expected {what}");
            return null;
        }

        return value;
    }

    private static EtcdMemberSelector? BindMember(SectionReader step) => step.String("member") switch
    {
        null => null,
        "leader" => new EtcdMemberSelector(EtcdMemberRole.Leader),
        "follower" => new EtcdMemberSelector(EtcdMemberRole.Follower),
        var name => new EtcdMemberSelector(EtcdMemberRole.Named, name),
    };
}
