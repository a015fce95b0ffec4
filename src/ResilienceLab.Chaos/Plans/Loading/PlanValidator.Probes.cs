namespace ResilienceLab.Chaos.Plans.Loading;

internal sealed partial class PlanValidator
{
    private void ValidateProbes()
    {
        for (var i = 0; i < plan.Probes.Count; i++)
        {
            var probe = plan.Probes[i];
            var path = PlanContext.Index("probes", i);
            string P(string field) => PlanContext.Join(path, field);
            var label = $"probe '{probe.Name}'";
            if (context.Sound(P("kind")) && MissingFeature(probe.Kind) is { } missing)
            {
                context.Error(P("kind"), PlanDiagnosticCodes.MissingWorkload, $"{label}: kind {PlanNames.Of(probe.Kind)} needs {missing}");
            }

            if (!context.Sound(P("mode")))
            {
                continue;
            }

            var repeating = probe.Mode is ProbeMode.Continuous or ProbeMode.OnChaos;
            if (probe.Mode == ProbeMode.End && probe.AbortOnFailure)
            {
                context.Warning(P("abortOnFailure"), PlanDiagnosticCodes.NoEffect, $"{label}: abortOnFailure has no effect on an end probe: the run is already over when it runs");
            }

            if (repeating && probe.Timeout > probe.Interval && context.Written(P("timeout")))
            {
                context.Warning(P("timeout"), PlanDiagnosticCodes.NoEffect, $"{label}: timeout {F(probe.Timeout)} is longer than the interval {F(probe.Interval)}, so evaluations would overlap; keep the timeout at most the interval");
            }

            if (probe.Mode == ProbeMode.OnChaos && plan.Schedule.Count == 0)
            {
                context.Warning(P("mode"), PlanDiagnosticCodes.NoEffect, $"{label}: mode on-chaos runs while a chaos step is in effect, and the plan has no steps, so the probe never runs");
            }

            if (repeating && context.Sound("workload.duration") && probe.Tolerance >= Workload.Duration)
            {
                context.Warning(P("tolerance"), PlanDiagnosticCodes.NoEffect, $"{label}: tolerance {F(probe.Tolerance)} is not shorter than the run ({F(Workload.Duration)}), so the probe can never fail");
            }
        }
    }

    private string? MissingFeature(ProbeKind kind) => kind switch
    {
        ProbeKind.LeaderExists when !Workload.Election.Enabled => "workload.election (enable the election)",
        ProbeKind.TasksProgressing when !Workload.Tasks.Enabled => "workload.tasks with count > 0",
        ProbeKind.CounterReadable when !Workload.Counter.Enabled => "workload.counter (enable the counter)",
        _ => null,
    };

    private string? MissingFeature(CheckKind kind) => kind switch
    {
        CheckKind.MutualExclusion or CheckKind.TaskResumption when !Workload.Tasks.Enabled => "workload.tasks with count > 0: it judges task locks",
        CheckKind.LostUpdates when !Workload.Counter.Enabled => "workload.counter: it judges counter increments",
        CheckKind.LeaderSafety when !Workload.Election.Enabled => "workload.election: it judges leadership terms",
        CheckKind.Linearizability when !Workload.Counter.Enabled && !Workload.Tasks.Enabled => "workload.counter or workload.tasks: it judges their keys' histories",
        CheckKind.Liveness when !Workload.Tasks.Enabled && !Workload.Election.Enabled => "workload.tasks or workload.election: it judges sessions, locks and leadership",
        CheckKind.FinalState when !Workload.Tasks.Enabled && !Workload.Election.Enabled => "workload.tasks or workload.election: it judges their checkpoints and heartbeat against the store",
        _ => null,
    };
}
