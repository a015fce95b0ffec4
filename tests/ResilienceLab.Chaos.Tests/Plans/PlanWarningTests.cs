using ResilienceLab.Chaos.Plans;
using static ResilienceLab.TestSupport.PlanTexts;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>Warnings: the plan loads, but probably does not do what its author meant.</summary>
public sealed class PlanWarningTests
{
    private static PlanDiagnostic SingleWarning(string text, string fileName = "test-plan.yaml")
    {
        var result = Load(text, fileName);
        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.NotNull(result.Plan);
        return Assert.Single(result.Warnings);
    }

    [Fact]
    public void FaultEndingAfterTheRun_WarnsRecoveryIsNotObserved()
    {
        var warning = SingleWarning(WithSchedule("  - {name: late-pause, action: pause, at: 50s, duration: 20s, selector: {mode: one}}\n"));

        Assert.Equal((PlanDiagnosticCodes.FaultOutlastsRun, 15, 58), (warning.Code, warning.Line, warning.Column));
        Assert.Contains("would last until 1m10s, after the run ends at 1m", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatingFaultLongerThanItsPeriod_WarnsOverlap()
    {
        var warning = SingleWarning(WithSchedule("  - {name: pauses, action: pause, every: 5s, count: 3, duration: 5s, selector: {mode: one}}\n"));

        Assert.Equal(PlanDiagnosticCodes.OverlappingFaults, warning.Code);
    }

    [Fact]
    public void UntilAfterTheRun_Warns()
    {
        var warning = SingleWarning(WithSchedule("  - {name: kills, action: kill, every: 20s, until: 90s, selector: {mode: one}}\n"));

        Assert.Equal(PlanDiagnosticCodes.UntilAfterRun, warning.Code);
    }

    [Fact]
    public void ResumeBoundBelowTheLockTtl_Warns()
    {
        var text = WithSchedule("  - {name: kill-holder, action: kill, at: 10s, selector: {role: lock-holder}}\n") + "checks:\n  - {name: task-resumption, resumeWithin: 2s}\n";

        var warning = SingleWarning(text);

        Assert.Equal((PlanDiagnosticCodes.BoundBelowTtl, 17, 5), (warning.Code, warning.Line, warning.Column));
    }

    [Fact]
    public void NewLeaderBoundBelowTheElectionTtl_Warns()
    {
        const string Workload = "workload:\n  duration: 60s\n  election: {ttl: 5s}\n";
        var text = WithSchedule("  - {name: kill-leader, action: kill, at: 10s, selector: {role: leader}}\n", Workload) + "checks:\n  - {name: leader-safety, newLeaderWithin: 3s}\n";

        Assert.Equal(PlanDiagnosticCodes.BoundBelowTtl, SingleWarning(text).Code);
    }

    [Fact]
    public void TasksThatCannotFinish_Warn()
    {
        var text = Header + SimulationTarget + "workload:\n  duration: 60s\n  tasks: {count: 6, steps: 100, stepDuration: 1s}\n";

        var warning = SingleWarning(text);

        Assert.Equal(PlanDiagnosticCodes.WorkloadLongerThanRun, warning.Code);
        Assert.Contains("at least 3m20s", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsafeNamedPlanExpectingPass_Warns()
    {
        Assert.Equal(PlanDiagnosticCodes.NegativeControlNaming, SingleWarning(Minimal, "unsafe-thing.yaml").Code);
    }

    [Fact]
    public void ExpectFailInAPlanNotNamedUnsafe_Warns()
    {
        Assert.Equal(PlanDiagnosticCodes.NegativeControlNaming, SingleWarning(Minimal + "expect: fail\n").Code);
    }

    [Fact]
    public void UnsafeCounterExpectingPass_Warns()
    {
        var text = Header + SimulationTarget + "workload:\n  duration: 60s\n  counter: {mode: unsafe}\n";

        var warning = SingleWarning(text);

        Assert.Equal((PlanDiagnosticCodes.NegativeControlNaming, 12, 19), (warning.Code, warning.Line, warning.Column));
    }

    [Theory]
    [InlineData("1s")]
    [InlineData("1s500ms")]
    public void EtcdLockTtlBelowItsMinimum_WarnsOrFails(string ttl)
    {
        var text = Header + "target: {kind: local, replicas: 3}\nstore: {kind: etcd, start: true}\n" + $"workload:\n  duration: 60s\n  tasks: {{count: 1, lockTtl: {ttl}}}\n";

        var result = Load(text);

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(ttl == "1s" ? PlanDiagnosticCodes.EtcdMinimumTtl : PlanDiagnosticCodes.InconsistentValues, diagnostic.Code);
    }

    [Fact]
    public void AbortOnFailureOnAnEndProbe_WarnsNoEffect()
    {
        var text = Minimal + "probes:\n  - {name: ready, kind: all-replicas-ready, mode: end, abortOnFailure: true}\n";

        Assert.Equal(PlanDiagnosticCodes.NoEffect, SingleWarning(text).Code);
    }

    [Fact]
    public void OnChaosProbeWithoutSteps_WarnsNoEffect()
    {
        var text = Minimal + "probes:\n  - {name: ready, kind: all-replicas-ready, mode: on-chaos}\n";

        Assert.Equal(PlanDiagnosticCodes.NoEffect, SingleWarning(text).Code);
    }

    [Fact]
    public void EmptyChecks_WarnsNoEffect()
    {
        Assert.Equal(PlanDiagnosticCodes.NoEffect, SingleWarning(Minimal + "checks: []\n").Code);
    }

    [Fact]
    public void KillingTheOnlyEtcdMember_WarnsWholeStoreOutage()
    {
        var text = WithSchedule("  - {name: kill-etcd, action: kill-etcd-member, at: 10s, duration: 5s, member: leader}\n");

        Assert.Equal(PlanDiagnosticCodes.WholeStoreOutage, SingleWarning(text).Code);
    }

    [Fact]
    public void PartitionHealedByALaterStep_DoesNotWarn()
    {
        var text = WithSchedule("""
              - {name: cut, action: partition, at: 10s, selector: {mode: one}}
              - {name: heal, action: heal, at: 20s}
            """);

        var result = Load(text);

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void EtcdMemberKilledAndRestartedLater_DoesNotWarn()
    {
        var text = Header + "target: {kind: local, replicas: 3}\nstore: {kind: etcd, start: {members: 3}}\n" + TasksWorkload + """
            schedule:
              - {name: kill-etcd-leader, action: kill-etcd-member, at: 10s, member: leader}
              - {name: restart, action: restart-etcd-member, at: 20s}
            """;

        Assert.Empty(Load(text).Diagnostics);
    }
}
