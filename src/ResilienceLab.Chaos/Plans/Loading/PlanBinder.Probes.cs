using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private List<ProbeSpec> BindProbes(SectionReader plan)
    {
        var probes = new List<ProbeSpec>();
        var names = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        foreach (var (item, _) in Items(PlanShape.Probes.Open(plan), PlanShape.Probes.Name, ProbeShape.Section.FieldNames, "a probe mapping (name, kind, mode, …)"))
        {
            var name = ProbeShape.Name.Read(item);
            CheckName(item, "name", name);
            if (name is not null && context.Sound(item.Sub("name")))
            {
                CheckUnique(names, name, item.Sub("name"), "probe name");
            }

            var kind = ProbeShape.Kind.Read(item);
            var mode = ProbeShape.Mode.Read(item);
            if (mode is ProbeMode.Start or ProbeMode.End)
            {
                foreach (var field in ProbeShape.RepeatingFields.Where(item.Has))
                {
                    context.Error(item.Sub(field), PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' does not apply to a probe with mode {PlanNames.Of(mode.Value)} (it runs once); it is used by modes continuous and on-chaos", atKey: true);
                }
            }

            probes.Add(new ProbeSpec
            {
                Name = name ?? $"probe-{probes.Count}",
                Kind = kind ?? ProbeKind.AllReplicasReady,
                Mode = mode ?? ProbeMode.Continuous,
                Interval = ProbeShape.Interval.Read(item) ?? ChaosPlanConstants.DefaultProbeInterval,
                Timeout = ProbeShape.Timeout.Read(item) ?? ChaosPlanConstants.DefaultProbeTimeout,
                Tolerance = ProbeShape.Tolerance.Read(item) ?? TimeSpan.Zero,
                AbortOnFailure = ProbeShape.AbortOnFailure.Read(item) ?? false,
                Location = item.Mapping.Start,
            });
        }

        return probes;
    }
}
