namespace ResilienceLab.Chaos.Plans.Loading;

/// <summary>
/// Rules across fields, run after binding: target/store compatibility, the blast-radius guard, schedules that cannot
/// run, selectors that can never match, probes and checks the workload cannot feed. Each rule first asks the
/// <see cref="PlanContext"/> whether its inputs bound soundly, so one bad value yields one error, not a cascade.
/// </summary>
internal sealed partial class PlanValidator(PlanContext context, ChaosPlan plan)
{
    private TargetSpec Target => plan.Target;

    private StoreSpec Store => plan.Store;

    private WorkloadSpec Workload => plan.Workload;

    public void Validate()
    {
        ValidateTarget();
        ValidateStore();
        ValidateWorkload();
        for (var i = 0; i < plan.Schedule.Count; i++)
        {
            ValidateStep(plan.Schedule[i], PlanContext.Index("schedule", i));
        }

        ValidateProbes();
        ValidateChecks();
        ValidateExpectation();
    }

    private static string F(TimeSpan value) => PlanDuration.Format(value);
}
