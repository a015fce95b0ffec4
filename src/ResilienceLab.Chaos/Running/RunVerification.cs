using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.History;
using ResilienceLab.Verification;

namespace ResilienceLab.Chaos.Running;

/// <summary>
/// Judges a run: the plan's checks over the merged history, plus two checks of the run itself — chaos-targeting
/// (every step hit what it meant to: its selector matched, its role was confirmed by the store) and steady-state
/// (every probe held within tolerance, and the run was not aborted).
/// </summary>
public static class RunVerification
{
    public const string ChaosTargeting = "chaos-targeting";
    public const string SteadyState = "steady-state";

    public static Verdict Verify(ChaosPlan plan, ChaosRunResult run, IReadOnlyDictionary<string, string> properties, TimeProvider? timeProvider = null)
    {
        var history = MergedHistory.FromEntries(run.Entries, plan.Metadata.Name);
        var options = Options(plan);
        var wanted = plan.Checks.Count == 0
            ? null
            : plan.Checks.Select(c => PlanNames.Of(c.Kind)).ToHashSet(StringComparer.Ordinal);
        var checks = Verifier.CreateChecks(options).Where(c => wanted is null || wanted.Contains(c.Name)).ToList();
        var verdict = Verifier.Verify(history, Metadata(plan, properties), options, checks: checks, timeProvider: timeProvider);
        var start = history.Start ?? DateTimeOffset.UnixEpoch;
        return verdict with { Results = [.. verdict.Results, Targeting(run, start), Steady(run, start)] };
    }

    private static VerificationOptions Options(ChaosPlan plan)
    {
        var options = new VerificationOptions();
        var ttl = PlanWorkload.ToReplicaOptions(plan).LockTtl;
        var resumeWithin = plan.Checks.FirstOrDefault(c => c.Kind == CheckKind.TaskResumption)?.ResumeWithin;

        // A team's own service sets its TTLs in its own configuration, which the plan does not see: its resumeWithin is
        // the whole bound, never widened to the reference workers' TTL.
        options.TaskResumption.LockTtl = plan.Workload.Service == WorkloadService.External && resumeWithin is { } bound && bound < ttl ? bound : ttl;
        ttl = options.TaskResumption.LockTtl;
        if (resumeWithin is { } resume)
        {
            options.TaskResumption.ResumeSlack = resume > ttl ? resume - ttl : TimeSpan.Zero;
        }

        options.Liveness.Ttl = ttl;
        options.Liveness.IdleBound = ttl + ChaosPlanConstants.ResumeSlack;
        options.LeaderSafety.FailoverBound = plan.Checks.FirstOrDefault(c => c.Kind == CheckKind.LeaderSafety)?.NewLeaderWithin
            ?? ttl + ChaosPlanConstants.LeaderSlack;
        return options;
    }

    private static RunMetadata Metadata(ChaosPlan plan, IReadOnlyDictionary<string, string> properties) => new()
    {
        Name = plan.Metadata.Name,
        Sources = plan.SourceFile is null ? [] : [plan.SourceFile],
        Properties = properties,
    };

    private static CheckResult Targeting(ChaosRunResult run, DateTimeOffset start)
    {
        var missed = run.Steps.Where(s => !s.Succeeded).ToList();
        if (missed.Count == 0)
        {
            return CheckResult.Pass(ChaosTargeting, $"{run.Steps.Count} chaos action(s) hit what the plan meant (roles confirmed by the store)");
        }

        return CheckResult.Fail(ChaosTargeting, $"{missed.Count} of {run.Steps.Count} chaos action(s) did not do what the plan meant", missed.Select(s => new Violation
        {
            Check = ChaosTargeting,
            Kind = s.Error is not null ? "step-failed" : "missed-role",
            Message = s.Error is not null
                ? $"step '{s.Step}' ({s.Action}) at {s.At.TotalSeconds:0.###} s failed: {s.Error}"
                : $"step '{s.Step}' ({s.Action}) at {s.At.TotalSeconds:0.###} s hit {s.Target}, which did NOT hold the role {s.Role} when hit ({s.Evidence})",
            Processes = s.Target is null ? [] : [s.Target],
            Start = start + s.At,
            End = start + s.At,
        }));
    }

    private static CheckResult Steady(ChaosRunResult run, DateTimeOffset start)
    {
        // A cancelled run did not fail a check: it is an error in JUnit terms (inconclusive), never a failure.
        if (run.Cancelled)
        {
            return CheckResult.Inconclusive(SteadyState, $"cancelled after {run.Elapsed.TotalSeconds:0.#} s: {run.AbortReason}");
        }

        var failed = run.Probes.Where(p => !p.Passed).ToList();
        if (failed.Count == 0 && run.AbortReason is null)
        {
            return CheckResult.Pass(SteadyState, $"{run.Probes.Count} probe(s) held within tolerance");
        }

        var end = start + run.Elapsed;
        var violations = failed.Select(p => new Violation
        {
            Check = SteadyState,
            Kind = "probe-failed",
            Message = $"probe '{p.Probe}' ({p.Kind}, {p.Mode}) failed after {p.Evaluations} evaluation(s): {p.Note}",
            Start = start,
            End = end,
        }).ToList();
        if (run.AbortReason is not null)
        {
            violations.Add(new Violation { Check = SteadyState, Kind = "aborted", Message = $"the run stopped early: {run.AbortReason}", Start = end, End = end });
        }

        return CheckResult.Fail(SteadyState, run.AbortReason is null ? $"{failed.Count} probe(s) failed" : $"aborted: {run.AbortReason}", violations);
    }
}
