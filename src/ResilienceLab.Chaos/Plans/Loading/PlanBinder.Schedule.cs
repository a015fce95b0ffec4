using ResilienceLab.Chaos.Actions;
using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private List<ChaosStep> BindSchedule(SectionReader plan)
    {
        var steps = new List<ChaosStep>();
        var names = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        foreach (var (item, path) in Items(PlanShape.Schedule.Open(plan), PlanShape.Schedule.Name, StepShape.Section.FieldNames, "a step mapping (name, action, at or every, …)"))
        {
            var name = StepShape.Name.Read(item);
            CheckName(item, StepShape.Name.Name, name);
            if (name is not null && context.Sound(item.Sub(StepShape.Name.Name)))
            {
                CheckUnique(names, name, item.Sub(StepShape.Name.Name), "step name");
            }

            var action = StepShape.Action.Read(item);
            var registration = action is { } known ? ChaosActions.Registration(known) : null;
            if (registration is not null)
            {
                CheckActionFields(item, registration);
            }

            BindTiming(item, path);
            steps.Add(new ChaosStep
            {
                Name = name ?? $"step-{steps.Count}",
                Action = action ?? ChaosActionKind.Kill,
                At = StepShape.At.Read(item),
                Every = StepShape.Every.Read(item),
                Count = StepShape.Count.Read(item),
                Until = StepShape.Until.Read(item),
                Jitter = StepShape.Jitter.Read(item) ?? TimeSpan.Zero,
                Arguments = registration?.Arguments.Bind(new ArgumentReader(item, () => BindSelector(item))) ?? CheckArguments(item),
                Location = item.Mapping.Start,
            });
        }

        return steps;
    }

    /// <summary>A step whose action is unknown: its arguments are still read, for their own errors.</summary>
    private ChaosActionArguments CheckArguments(SectionReader step)
    {
        BindSelector(step);
        foreach (var field in ChaosActions.ArgumentFields.Where(f => f != CommonArguments.Selector))
        {
            field.Check(step);
        }

        return new ChaosActionArguments();
    }

    /// <summary>Reports the argument fields the step's action does not take, and those it needs but lacks.</summary>
    private void CheckActionFields(SectionReader step, ChaosActionRegistration registration)
    {
        var common = StepShape.Common.Select(f => f.Name);
        foreach (var field in step.WrittenFields.Where(f => StepShape.Section.FieldNames.Contains(f) && !common.Contains(f) && !registration.Arguments.Accepts(f)))
        {
            context.Error(step.Sub(field), PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' does not apply to action '{registration.YamlName}'; it is used by: {string.Join(", ", ChaosActions.UsedBy(field))}", atKey: true);
        }

        foreach (var argument in registration.Arguments.Required.Where(a => !step.Has(a.Field.Name)))
        {
            step.Missing(argument.Field.Name, $"{registration.YamlName} needs {argument.Field.Hint}");
        }
    }

    private void BindTiming(SectionReader step, string path)
    {
        var (at, every) = (StepShape.At.Name, StepShape.Every.Name);
        if (!step.Has(at) && !step.Has(every))
        {
            if (!step.WasSuggested(at) && !step.WasSuggested(every))
            {
                context.Diagnostics.Error(context.Locate(path, atKey: true), PlanDiagnosticCodes.MissingField, $"{path} is missing 'at' or 'every': when the step fires (at: 10s fires once; every: 10s repeats)");
            }

            context.Fail(PlanContext.Join(path, at));
        }

        foreach (var field in StepShape.RepeatFields.Where(f => step.Has(f) && !step.Has(every)))
        {
            context.Error(step.Sub(field), PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' applies only to a repeating step; add every: <period> or remove it", atKey: true);
        }

        if (step.Has(StepShape.Count.Name) && step.Has(StepShape.Until.Name))
        {
            context.Error(step.Sub(StepShape.Until.Name), PlanDiagnosticCodes.ConflictingFields, "a repeating step ends after 'count' firings or at 'until', not both; remove one", atKey: true);
        }
    }

    private ReplicaSelector? BindSelector(SectionReader step)
    {
        var section = CommonArguments.Selector.Open(step);
        if (section is null)
        {
            return null;
        }

        var mode = SelectorShape.Mode.Read(section) ?? SelectorMode.One;
        var value = SelectorShape.Value.Read(section);
        var modeName = PlanNames.Of(mode);
        if (context.Sound(section.Sub(SelectorShape.Mode.Name)))
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
            Role = SelectorShape.Role.Read(section) ?? ReplicaRole.Any,
            Task = SelectorShape.Task.Read(section),
            Lock = NonEmpty(section, SelectorShape.Lock.Name, "the lock's name, or a prefix ending in '/' for every lock under it"),
            Election = NonEmpty(section, SelectorShape.Election.Name, "the election's name"),
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
}
