namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private static readonly string[] RepeatingProbeFields = ["interval", "tolerance"];

    private List<ProbeSpec> BindProbes(SectionReader plan)
    {
        var probes = new List<ProbeSpec>();
        var names = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        foreach (var (item, _) in Items(plan.Sequence("probes"), "probes", PlanFields.Probe, "a probe mapping (name, kind, mode, …)"))
        {
            var name = item.String("name", required: true, hint: "names the probe in reports, e.g. name: leader-present");
            CheckName(item, "name", name);
            if (name is not null && context.Sound(item.Sub("name")))
            {
                CheckUnique(names, name, item.Sub("name"), "probe name");
            }

            var kind = item.Enum<ProbeKind>("kind", "probe kind", required: true, hint: $"one of {string.Join(", ", PlanNames.All<ProbeKind>())}");
            var mode = item.Enum<ProbeMode>("mode", "probe mode", required: true, hint: $"one of {string.Join(", ", PlanNames.All<ProbeMode>())}");
            if (mode is ProbeMode.Start or ProbeMode.End)
            {
                foreach (var field in RepeatingProbeFields.Where(item.Has))
                {
                    context.Error(item.Sub(field), PlanDiagnosticCodes.FieldNotApplicable, $"'{field}' does not apply to a probe with mode {PlanNames.Of(mode.Value)} (it runs once); it is used by modes continuous and on-chaos", atKey: true);
                }
            }

            probes.Add(new ProbeSpec
            {
                Name = name ?? $"probe-{probes.Count}",
                Kind = kind ?? ProbeKind.AllReplicasReady,
                Mode = mode ?? ProbeMode.Continuous,
                Interval = item.Duration("interval", max: TimeSpan.FromHours(1)) ?? ChaosPlanConstants.DefaultProbeInterval,
                Timeout = item.Duration("timeout", max: TimeSpan.FromHours(1)) ?? ChaosPlanConstants.DefaultProbeTimeout,
                Tolerance = item.Duration("tolerance", positive: false) ?? TimeSpan.Zero,
                AbortOnFailure = item.Bool("abortOnFailure") ?? false,
                Location = item.Mapping.Start,
            });
        }

        return probes;
    }
}
