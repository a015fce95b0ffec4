using System.Text;
using ResilienceLab.Chaos.Actions.EtcdMember;
using ResilienceLab.Chaos.Actions.Latency;
using ResilienceLab.Chaos.Actions.StoreFault;
using ResilienceLab.Chaos.Plans;
using static ResilienceLab.TestSupport.PlanTexts;

namespace ResilienceLab.Chaos.Tests.Plans;

public sealed class ChaosPlanLoaderTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void LoadText_MinimalPlan_AppliesDocumentedDefaults()
    {
        var result = Load(Minimal);

        Assert.Empty(result.Diagnostics);
        var plan = result.Plan!;
        Assert.Equal(ChaosPlanConstants.ApiVersion, plan.ApiVersion);
        Assert.Equal("test-plan", plan.Metadata.Name);
        Assert.Null(plan.Metadata.Description);
        Assert.Equal(1, plan.Target.Seed);
        Assert.Empty(plan.Target.Selector);
        Assert.Equal(S(5), plan.Store.CallTimeout);
        Assert.Equal(1, plan.Store.Start!.Members);
        Assert.Equal(20, plan.Workload.Tasks.Steps);
        Assert.Equal(TimeSpan.FromMilliseconds(500), plan.Workload.Tasks.StepDuration);
        Assert.Equal(S(5), plan.Workload.Tasks.LockTtl);
        Assert.False(plan.Workload.Election.Enabled);
        Assert.False(plan.Workload.Counter.Enabled);
        Assert.Empty(plan.Schedule);
        Assert.Empty(plan.Probes);
        Assert.Equal(PlanExpectation.Pass, plan.Expect);
        Assert.Equal([CheckKind.MutualExclusion, CheckKind.TaskResumption, CheckKind.Liveness, CheckKind.FinalState], plan.Checks.Select(c => c.Kind));
        Assert.Equal(S(10), plan.Checks[1].ResumeWithin);
        Assert.Equal("test-plan.yaml", plan.SourceFile);
    }

    [Fact]
    public void LoadText_EveryField_BindsToTheModel()
    {
        const string Text = """
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata:
              name: every-field
              description: all of it
            target:
              kind: simulation
              replicas: 4
              seed: 7
              clocks:
                - {replica: 1, skew: -250ms, drift: -0.1}
            store:
              kind: simulated
              members: 3
              callTimeout: 1500ms
            workload:
              duration: 2m
              tasks: {count: 2, steps: 30, stepDuration: 100ms, lockTtl: 4s}
              election: {ttl: 6s, heartbeatInterval: 1s}
              counter: {increments: 25, mode: unsafe, readWriteGap: 5ms}
            schedule:
              - name: kill-holder
                action: kill
                at: 10s
                jitter: 1s
                selector: {role: lock-holder, task: 1}
              - name: pause-some
                action: pause
                every: 20s
                count: 3
                duration: 2s
                selector: {mode: fixed-percent, value: 50, role: follower}
              - name: slow
                action: latency
                at: 30s
                duration: 5s
                latency: 200ms
                latencyJitter: 50ms
                selector: {mode: all}
              - name: flaky-store
                action: store-fault
                at: 40s
                duration: 5s
                fault: indeterminate
                probability: 0.25
              - name: kill-etcd-follower
                action: kill-etcd-member
                at: 50s
                member: follower
              - name: restart-etcd-1
                action: restart-etcd-member
                at: 55s
                member: etcd-1
              - name: heal-all
                action: heal
                every: 10s
                until: 100s
            probes:
              - name: leader
                kind: leader-exists
                mode: continuous
                interval: 2s
                timeout: 1s
                tolerance: 9s
                abortOnFailure: true
            checks:
              - lost-updates
              - {name: task-resumption, resumeWithin: 12s}
              - name: leader-safety
            expect: fail
            """;

        var result = Load(Text, "unsafe-every-field.yaml");

        Assert.True(result.Errors.Count == 0, string.Join(Environment.NewLine, result.Diagnostics));
        var plan = result.Plan!;
        Assert.Equal("all of it", plan.Metadata.Description);
        Assert.Equal(7, plan.Target.Seed);
        Assert.Equal(new ReplicaClockSpec(1, TimeSpan.FromMilliseconds(-250), -0.1), Assert.Single(plan.Target.Clocks));
        Assert.Equal(3, plan.Store.Start!.Members);
        Assert.Equal(["etcd-0", "etcd-1", "etcd-2"], plan.Store.Start.MemberNames);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), plan.Store.CallTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), plan.Workload.Duration);
        Assert.Equal(new TaskWorkloadSpec { Count = 2, Steps = 30, StepDuration = TimeSpan.FromMilliseconds(100), LockTtl = S(4) }, plan.Workload.Tasks);
        Assert.Equal(new ElectionWorkloadSpec { Enabled = true, Ttl = S(6), HeartbeatInterval = S(1) }, plan.Workload.Election);
        Assert.Equal(new CounterWorkloadSpec { Enabled = true, Increments = 25, Mode = CounterMode.Unsafe, ReadWriteGap = TimeSpan.FromMilliseconds(5) }, plan.Workload.Counter);

        Assert.Equal(7, plan.Schedule.Count);
        var kill = plan.Schedule[0];
        Assert.Equal(("kill-holder", ChaosActionKind.Kill, S(10), S(1)), (kill.Name, kill.Action, kill.At!.Value, kill.Jitter));
        Assert.Equal(new ReplicaSelector { Role = ReplicaRole.LockHolder, Task = 1 }, kill.Arguments.Selector);
        Assert.Equal(new PlanLocation(22, 5), kill.Location);
        var pause = plan.Schedule[1];
        Assert.Equal((S(20), 3, S(2)), (pause.Every!.Value, pause.Count!.Value, pause.Arguments.Duration!.Value));
        Assert.Equal(new ReplicaSelector { Mode = SelectorMode.FixedPercent, Value = 50, Role = ReplicaRole.Follower }, pause.Arguments.Selector);
        Assert.Equal((TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50)), (plan.Schedule[2].ArgumentsAs<LatencyArguments>().Latency, plan.Schedule[2].ArgumentsAs<LatencyArguments>().LatencyJitter));
        Assert.Equal((StoreFaultKind.Indeterminate, 0.25), (plan.Schedule[3].ArgumentsAs<StoreFaultArguments>().Fault, plan.Schedule[3].ArgumentsAs<StoreFaultArguments>().Probability));
        Assert.Equal(new EtcdMemberSelector(EtcdMemberRole.Follower), plan.Schedule[4].ArgumentsAs<EtcdMemberArguments>().Member);
        Assert.Equal(new EtcdMemberSelector(EtcdMemberRole.Named, "etcd-1"), plan.Schedule[5].ArgumentsAs<EtcdMemberArguments>().Member);
        Assert.Equal(S(100), plan.Schedule[6].Until);

        var probe = Assert.Single(plan.Probes);
        Assert.Equal((ProbeKind.LeaderExists, ProbeMode.Continuous, S(2), S(1), S(9), true), (probe.Kind, probe.Mode, probe.Interval, probe.Timeout, probe.Tolerance, probe.AbortOnFailure));

        Assert.Equal([CheckKind.LostUpdates, CheckKind.TaskResumption, CheckKind.LeaderSafety], plan.Checks.Select(c => c.Kind));
        Assert.Equal(S(12), plan.Checks[1].ResumeWithin);
        Assert.Equal(S(11), plan.Checks[2].NewLeaderWithin);
        Assert.Equal(PlanExpectation.Fail, plan.Expect);
    }

    [Fact]
    public void LoadText_KubernetesTarget_BindsNamespaceAndSelector()
    {
        const string Text = PlanTexts.Header + """
            target:
              kind: kubernetes
              replicas: 3
              namespace: resiliencelab
              selector:
                app.kubernetes.io/name: resiliencelab-worker
                tier: workers
              kubeconfig: /home/ci/.kube/config
              context: kind-kind
            store:
              kind: etcd
              endpoints: [http://etcd.resiliencelab.svc:2379]
            workload:
              duration: 60s
              election: {ttl: 5s}
            schedule:
              - {name: kill-leader, action: kill, at: 10s, selector: {role: leader}}
              - {name: terminate-one, action: terminate, at: 30s, selector: {mode: fixed, value: 2}}
              - {name: revoke-leader, action: revoke-lease, at: 45s, selector: {role: leader}}
            """;

        var result = Load(Text);

        Assert.Empty(result.Diagnostics);
        var target = result.Plan!.Target;
        Assert.Equal(("resiliencelab", "/home/ci/.kube/config", "kind-kind"), (target.Namespace, target.Kubeconfig, target.Context));
        Assert.Equal("resiliencelab-worker", target.Selector["app.kubernetes.io/name"]);
        Assert.Equal(["http://etcd.resiliencelab.svc:2379"], result.Plan.Store.Endpoints);
        Assert.Null(result.Plan.Store.Start);
    }

    [Theory]
    [InlineData("start: true", 1)]
    [InlineData("start: {members: 3}", 3)]
    [InlineData("start: {}", 1)]
    public void LoadText_EtcdStart_BindsMembers(string start, int members)
    {
        var text = PlanTexts.Header + $$"""
            target: {kind: local, replicas: 3}
            store: {kind: etcd, {{start}}}
            """ + "\n" + TasksWorkload;

        var result = Load(text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(members, result.Plan!.Store.Start!.Members);
    }

    [Fact]
    public void LoadText_NatsStore_Loads()
    {
        var text = PlanTexts.Header + "target: {kind: local, replicas: 3}\nstore: {kind: nats, start: true}\n" + TasksWorkload;

        var result = Load(text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(StoreKind.Nats, result.Plan!.Store.Kind);
    }

    [Fact]
    public void LoadText_AnchorsAndAliases_AreResolved()
    {
        var text = WithSchedule("""
              - name: kill-one
                action: kill
                at: 10s
                selector: &one {mode: one, role: any}
              - name: kill-another
                action: kill
                at: 20s
                selector: *one
            """);

        var result = Load(text);

        Assert.Empty(result.Diagnostics);
        Assert.Equal(result.Plan!.Schedule[0].Arguments.Selector, result.Plan.Schedule[1].Arguments.Selector);
    }

    [Fact]
    public void LoadText_SeveralIndependentErrors_ReportsThemAllAtOnce()
    {
        const string Text = """
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata:
              name: Many Errors
            target:
              kind: simulaton
              replicas: 0
            store:
              kind: simulated
            workload:
              duration: 60
              tasks: {count: 1}
            schedule:
              - name: kill-one
                action: kil
                at: 10s
                selector: {mode: one}
            """;

        var result = Load(Text);

        Assert.Null(result.Plan);
        Assert.Equal(
            ["4:9 RLP013", "6:9 RLP006", "7:13 RLP008", "11:13 RLP007", "15:13 RLP006"],
            result.Errors.Select(e => $"{e.Line}:{e.Column} {e.Code}"));
    }

    [Fact]
    public void LoadText_UnknownField_SuggestsTheClosestField()
    {
        var result = Load(WithSchedule("""
              - name: pause-one
                action: pause
                at: 10s
                duraton: 5s
                selector: {mode: one}
            """));

        var errors = result.Errors.Select(e => $"{e.Line}:{e.Column} {e.Code} {e.Message}").ToList();
        Assert.Contains("18:5 RLP003 unknown field 'duraton' in schedule[0] (did you mean 'duration'?)", errors);
    }

    [Fact]
    public void LoadText_UnknownAction_ListsEveryAction()
    {
        var result = Load(WithSchedule("  - {name: k, action: kil, at: 10s, selector: {mode: one}}\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal(PlanDiagnosticCodes.UnknownValue, error.Code);
        Assert.Equal(
            "unknown action 'kil' (did you mean 'kill'?); expected one of: " + string.Join(", ", PlanNames.All<ChaosActionKind>()),
            error.Message);
    }

    [Theory]
    [InlineData("duration: 30", "found the number 30 (did you mean '30s'?)")]
    [InlineData("duration: 30 seconds", "found '30 seconds'")]
    [InlineData("duration: -5s", "(it cannot be negative)")]
    [InlineData("duration: 0s", "expected a duration greater than 0s")]
    [InlineData("duration: 25h", "at most 24h")]
    public void LoadText_BadDuration_SaysWhatWasFoundAndExpected(string line, string fragment)
    {
        var text = Header + SimulationTarget + $"workload:\n  {line}\n  tasks: {{count: 1}}\n";

        var error = Assert.Single(Load(text).Errors);

        Assert.Equal(PlanDiagnosticCodes.InvalidDuration, error.Code);
        Assert.Equal((11, 13), (error.Line, error.Column));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_PeriodBelow100ms_IsRejected()
    {
        var error = Assert.Single(Load(WithSchedule("  - {name: k, action: kill, every: 10ms, selector: {mode: one}}\n")).Errors);

        Assert.Equal(PlanDiagnosticCodes.InvalidDuration, error.Code);
        Assert.Contains("expected a duration from 100ms to 24h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_ShortPeriodOverAWholeDay_ValidatesWithoutEnumeratingFirings()
    {
        var workload = "workload:\n  duration: 24h\n  tasks: {count: 1}\n";

        var result = Load(WithSchedule("  - {name: p, action: pause, every: 100ms, duration: 50ms, selector: {mode: one}}\n", workload));

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void LoadText_OnlyWarnings_ReturnsThePlanAndSeparatesWarnings()
    {
        var result = Load(WithSchedule("  - {name: cut, action: partition, at: 10s, selector: {mode: one}}\n"));

        Assert.NotNull(result.Plan);
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(PlanDiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal(PlanDiagnosticCodes.FaultOutlastsRun, warning.Code);
    }

    [Fact]
    public void LoadText_Diagnostics_AreOrderedByPosition()
    {
        var result = Load("kind: Nope\nwhat: 1\napiVersion: v0\n");

        var positions = result.Diagnostics.Select(d => (d.Line, d.Column)).ToList();
        Assert.Equal(positions.Order(), positions);
        Assert.True(result.Errors.Count >= 6);
    }

    [Fact]
    public void Diagnostic_ToString_IsCompilerStyle()
    {
        var diagnostic = new PlanDiagnostic("plans/x.yaml", 7, 12, PlanDiagnosticSeverity.Error, "RLP003", "unknown field 'duraton'");

        Assert.Equal("plans/x.yaml:7:12: error RLP003: unknown field 'duraton'", diagnostic.ToString());
        Assert.Equal("plans/x.yaml:1:2: warning RLP101: w", (diagnostic with { Line = 1, Column = 2, Severity = PlanDiagnosticSeverity.Warning, Code = "RLP101", Message = "w" }).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("{")]
    [InlineData("[")]
    [InlineData("a: [1, 2\nb: 3\n")]
    [InlineData("a: 'unterminated\n")]
    [InlineData(":")]
    [InlineData("- - -")]
    [InlineData("\t")]
    [InlineData("? [complex, key]\n: value\n")]
    [InlineData("%YAML 1.1\n---\napiVersion: x\n")]
    [InlineData("a: !!binary aGVsbG8=\n")]
    [InlineData("a: *undefined\n")]
    [InlineData("a: 1\n---\nb: 2\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("just a string")]
    [InlineData("12")]
    [InlineData("~")]
    public void LoadText_Garbage_ReportsErrorsWithoutThrowing(string text)
    {
        var result = Load(text);

        Assert.Null(result.Plan);
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1));
    }

    [Fact]
    public void LoadText_EveryPrefixOfEveryExamplePlan_NeverThrows()
    {
        foreach (var file in RepoPaths.YamlFiles(RepoPaths.ChaosPlans))
        {
            var text = File.ReadAllText(file);
            for (var length = 0; length < text.Length; length += 7)
            {
                var result = Load(text[..length]);
                Assert.True(result.Plan is not null || result.Errors.Count > 0);
            }
        }
    }

    [Fact]
    public void LoadText_AliasBomb_IsRejected()
    {
        var builder = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 9; i++)
        {
            builder.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var result = Load(builder.ToString());

        var error = Assert.Single(result.Errors);
        Assert.Equal(PlanDiagnosticCodes.YamlSyntax, error.Code);
    }

    [Fact]
    public void LoadText_TabIndentation_PointsAtTheLine()
    {
        var result = Load("apiVersion: resiliencelab/v1\nmetadata:\n\tname: x\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(PlanDiagnosticCodes.YamlSyntax, error.Code);
        Assert.Contains("YAML syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_MissingFile_ReportsUnreadable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-plan-{Guid.NewGuid():N}.yaml");

        var error = Assert.Single(ChaosPlanLoader.LoadFile(path).Diagnostics);

        Assert.Equal((path, 1, 1, PlanDiagnosticCodes.FileUnreadable), (error.File, error.Line, error.Column, error.Code));
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_Directory_ReportsUnreadable()
    {
        var error = Assert.Single(ChaosPlanLoader.LoadFile(RepoPaths.ChaosPlans).Diagnostics);

        Assert.Equal(PlanDiagnosticCodes.FileUnreadable, error.Code);
    }

    [Fact]
    public void LoadFile_NotUtf8_ReportsUnreadable()
    {
        var path = Path.Combine(Path.GetTempPath(), $"binary-plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, [0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]);
        try
        {
            var error = Assert.Single(ChaosPlanLoader.LoadFile(path).Diagnostics);

            Assert.Equal(PlanDiagnosticCodes.FileUnreadable, error.Code);
            Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadText_TooLarge_ReportsUnreadable()
    {
        var text = Minimal + "#" + new string('x', ChaosPlanConstants.MaxFileBytes);

        var error = Assert.Single(Load(text).Diagnostics);

        Assert.Equal(PlanDiagnosticCodes.FileUnreadable, error.Code);
    }
}
