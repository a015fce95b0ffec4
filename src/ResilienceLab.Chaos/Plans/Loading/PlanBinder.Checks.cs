using ResilienceLab.Chaos.Plans.Sections;

namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanBinder
{
    private List<CheckSpec> BindChecks(SectionReader plan, WorkloadSpec workload)
    {
        var sequence = PlanShape.Checks.Open(plan);
        if (!plan.Has(PlanShape.Checks.Name))
        {
            return [.. DefaultChecks(workload).Select(kind => WithDefaultBounds(new CheckSpec { Kind = kind }, workload))];
        }

        var checks = new List<CheckSpec>();
        var seen = new Dictionary<string, PlanLocation>(StringComparer.Ordinal);
        for (var i = 0; sequence is not null && i < sequence.Items.Count; i++)
        {
            var path = PlanContext.Index(PlanShape.Checks.Name, i);
            var node = sequence.Items[i];
            CheckSpec? check = null;
            if (node is PlanScalar { Kind: ScalarKind.String })
            {
                check = SectionReader.EnumValue<CheckKind>(context, node, path, "check") is { } kind ? new CheckSpec { Kind = kind, Location = node.Start } : null;
                if (check is not null)
                {
                    CheckUnique(seen, PlanNames.Of(check.Kind), path, "check");
                }
            }
            else if (SectionReader.Open(context, node, path, CheckShape.Section.FieldNames, "a check name (e.g. mutual-exclusion) or a mapping {name, …bounds}") is { } item)
            {
                check = BindCheck(item, seen);
            }

            if (check is not null)
            {
                checks.Add(WithDefaultBounds(check, workload));
            }
        }

        return checks;
    }

    private CheckSpec? BindCheck(SectionReader item, Dictionary<string, PlanLocation> seen)
    {
        var kind = CheckShape.Name.Read(item);
        if (kind is null)
        {
            return null;
        }

        CheckUnique(seen, PlanNames.Of(kind.Value), item.Sub(CheckShape.Name.Name), "check");
        foreach (var (bound, owner) in CheckShape.Bounds)
        {
            if (item.Has(bound.Name) && kind != owner)
            {
                context.Error(item.Sub(bound.Name), PlanDiagnosticCodes.FieldNotApplicable, $"'{bound.Name}' does not apply to check '{PlanNames.Of(kind.Value)}'; it is a bound of {PlanNames.Of(owner)}", atKey: true);
            }
        }

        return new CheckSpec
        {
            Kind = kind.Value,
            ResumeWithin = CheckShape.ResumeWithin.Read(item),
            NewLeaderWithin = CheckShape.NewLeaderWithin.Read(item),
            Location = item.Mapping.Start,
        };
    }

    /// <summary>The checks a plan gets when it lists none: every check its workload can be judged by.</summary>
    internal static IEnumerable<CheckKind> DefaultChecks(WorkloadSpec workload)
    {
        if (workload.Tasks.Enabled)
        {
            yield return CheckKind.MutualExclusion;
            yield return CheckKind.TaskResumption;
        }

        if (workload.Election.Enabled)
        {
            yield return CheckKind.LeaderSafety;
        }

        if (workload.Counter.Enabled)
        {
            yield return CheckKind.LostUpdates;
            yield return CheckKind.Linearizability;
        }

        if (workload.Tasks.Enabled || workload.Election.Enabled)
        {
            yield return CheckKind.Liveness;
            yield return CheckKind.FinalState;
        }
    }

    private static CheckSpec WithDefaultBounds(CheckSpec check, WorkloadSpec workload) => check.Kind switch
    {
        CheckKind.TaskResumption => check with { ResumeWithin = check.ResumeWithin ?? workload.Tasks.LockTtl + ChaosPlanConstants.ResumeSlack },
        CheckKind.LeaderSafety => check with { NewLeaderWithin = check.NewLeaderWithin ?? workload.Election.Ttl + ChaosPlanConstants.LeaderSlack },
        _ => check,
    };
}
