namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanValidator
{
    private static readonly ChaosActionKind[] OrphaningActions =
        [ChaosActionKind.Kill, ChaosActionKind.Pause, ChaosActionKind.Partition, ChaosActionKind.RevokeLease];

    private void ValidateChecks()
    {
        if (!context.Sound("workload"))
        {
            return;
        }

        foreach (var check in plan.Checks)
        {
            var label = $"check '{PlanNames.Of(check.Kind)}'";
            // An external service's history names its own locks, elections and counters: every check applies to it.
            if (Workload.Service == WorkloadService.Reference && MissingFeature(check.Kind) is { } missing)
            {
                context.Diagnostics.Error(check.Location, PlanDiagnosticCodes.MissingWorkload, $"{label} needs {missing}");
            }
        }

        var orphans = plan.Schedule.Any(s => OrphaningActions.Contains(s.Action));
        foreach (var check in plan.Checks.Where(c => c.Location != default))
        {
            if (check.Kind == CheckKind.TaskResumption && orphans && check.ResumeWithin is { } resume && resume < Workload.Tasks.LockTtl)
            {
                context.Diagnostics.Warning(check.Location, PlanDiagnosticCodes.BoundBelowTtl, $"check 'task-resumption': resumeWithin {F(resume)} is below the lock TTL ({F(Workload.Tasks.LockTtl)}); a killed or paused holder keeps its lock for the TTL, so the bound cannot be met");
            }

            if (check.Kind == CheckKind.LeaderSafety && orphans && check.NewLeaderWithin is { } bound && bound < Workload.Election.Ttl)
            {
                context.Diagnostics.Warning(check.Location, PlanDiagnosticCodes.BoundBelowTtl, $"check 'leader-safety': newLeaderWithin {F(bound)} is below the election TTL ({F(Workload.Election.Ttl)}); a killed leader keeps leadership for the TTL, so the bound cannot be met");
            }
        }

        if (context.Written("checks") && !context.Written("checks[0]") && context.Sound("checks"))
        {
            context.Warning("checks", PlanDiagnosticCodes.NoEffect, "checks is empty: the verdict rests on the probes alone; list checks, or remove 'checks' to get every check the workload supports");
        }
    }

    private void ValidateExpectation()
    {
        if (plan.Expect == PlanExpectation.Fail && plan.Checks.Count == 0 && !context.Written("checks[0]") && context.Sound("checks", "expect"))
        {
            context.Error("expect", PlanDiagnosticCodes.NegativeControlWithoutCheck, "expect: fail needs at least one check that can fail; list the check the negative control must trip (e.g. lost-updates)");
        }

        var stem = Path.GetFileName(context.File);
        var isYaml = stem.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || stem.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        if (!isYaml || !context.Sound("expect"))
        {
            return;
        }

        var unsafeName = stem.StartsWith("unsafe-", StringComparison.Ordinal);
        if (unsafeName && plan.Expect == PlanExpectation.Pass)
        {
            context.Warning("expect", PlanDiagnosticCodes.NegativeControlNaming, $"plans named unsafe-*.yaml are negative controls; '{stem}' should say expect: fail", atKey: true);
        }
        else if (!unsafeName && plan.Expect == PlanExpectation.Fail)
        {
            context.Warning("expect", PlanDiagnosticCodes.NegativeControlNaming, $"a plan that expects to fail is a negative control; name it unsafe-*.yaml (not '{stem}') so tools and people can tell it apart", atKey: true);
        }
        else if (plan.Expect == PlanExpectation.Pass && Workload.Counter is { Enabled: true, Mode: CounterMode.Unsafe }
            && plan.Checks.Any(c => c.Kind == CheckKind.LostUpdates) && context.Sound("workload.counter.mode"))
        {
            context.Warning("workload.counter.mode", PlanDiagnosticCodes.NegativeControlNaming, "counter mode unsafe loses updates under contention, so lost-updates is expected to fail; make this a negative control (expect: fail, file unsafe-*.yaml)");
        }
    }
}
