using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary>Every plan in chaos-plans/ loads without a diagnostic and satisfies the JSON Schema.</summary>
public sealed class ExamplePlanTests
{
    private const string SchemaComment = "# yaml-language-server: $schema=./schema/chaos-plan.schema.json";

    public static TheoryData<string> Plans()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepoPaths.YamlFiles(RepoPaths.ChaosPlans))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void ChaosPlans_ContainEveryPlanTheIssuesAskFor()
    {
        string[] expected =
        [
            "cas-contention.yaml", "etcd-leader-kill.yaml", "leader-kill-reelection.yaml", "lock-expiry-takeover.yaml",
            "partitioned-lock-holder.yaml", "quorum-loss.yaml", "simulation-smoke.yaml", "startup-state-full-restart.yaml",
            "unsafe-counter-lost-updates.yaml", "holder-pause-partition.yaml", "leader-pause-partition.yaml",
        ];

        var present = RepoPaths.YamlFiles(RepoPaths.ChaosPlans).Select(Path.GetFileName).ToHashSet();

        Assert.All(expected, name => Assert.Contains(name, present));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void LoadFile_ExamplePlan_LoadsWithoutErrorsOrWarnings(string name)
    {
        var result = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, name));

        Assert.True(result.Diagnostics.Count == 0, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.NotNull(result.Plan);
        Assert.Equal(Path.GetFileNameWithoutExtension(name), result.Plan.Metadata.Name);
        Assert.False(string.IsNullOrWhiteSpace(result.Plan.Metadata.Description));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void Schema_ExamplePlan_IsValid(string name)
    {
        var errors = PlanSchema.Errors(File.ReadAllText(Path.Combine(RepoPaths.ChaosPlans, name)));

        Assert.True(errors is null, errors);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void ExamplePlan_StartsWithTheSchemaComment(string name)
    {
        var firstLine = File.ReadLines(Path.Combine(RepoPaths.ChaosPlans, name)).First();

        Assert.Equal(SchemaComment, firstLine);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public void ExamplePlan_ExpectsFailIfAndOnlyIfNamedUnsafe(string name)
    {
        var plan = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, name)).Plan!;

        var expected = name.StartsWith("unsafe-", StringComparison.Ordinal) ? PlanExpectation.Fail : PlanExpectation.Pass;
        Assert.Equal(expected, plan.Expect);
    }

    [Fact]
    public void SimulationSmoke_NeedsNothingButTheSdk()
    {
        var plan = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, "simulation-smoke.yaml")).Plan!;

        Assert.Equal(TargetKind.Simulation, plan.Target.Kind);
        Assert.Equal(StoreKind.Simulated, plan.Store.Kind);
        Assert.Equal(5, plan.Target.Replicas);
        Assert.Equal(TimeSpan.FromSeconds(60), plan.Workload.Duration);
        Assert.True(plan.Workload.Tasks.Enabled && plan.Workload.Election.Enabled && plan.Workload.Counter.Enabled);
        Assert.Equal(CounterMode.Cas, plan.Workload.Counter.Mode);
        var actions = plan.Schedule.Select(s => s.Action).ToHashSet();
        Assert.Superset(new HashSet<ChaosActionKind> { ChaosActionKind.Kill, ChaosActionKind.Pause, ChaosActionKind.Partition }, actions);
    }

    [Theory]
    [InlineData("etcd-leader-kill.yaml", ChaosActionKind.KillEtcdMember, 3)]
    [InlineData("quorum-loss.yaml", ChaosActionKind.KillEtcdQuorum, 3)]
    public void EtcdPlans_StartTheirOwnCluster(string name, ChaosActionKind action, int members)
    {
        var plan = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, name)).Plan!;

        Assert.Equal(StoreKind.Etcd, plan.Store.Kind);
        Assert.Equal(members, plan.Store.Start?.Members);
        Assert.Contains(plan.Schedule, s => s.Action == action);
    }

    [Fact]
    public void PartitionedLockHolder_PartitionsLongerThanTheLockTtl()
    {
        var plan = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, "partitioned-lock-holder.yaml")).Plan!;

        var partition = Assert.Single(plan.Schedule, s => s.Action == ChaosActionKind.Partition);
        Assert.Equal(ReplicaRole.LockHolder, partition.Arguments.Selector!.Role);
        Assert.True(partition.Arguments.Duration > plan.Workload.Tasks.LockTtl);
    }

    [Fact]
    public void UnsafeCounter_RunsTheUnsafeModeAndChecksLostUpdates()
    {
        var plan = ChaosPlanLoader.LoadFile(Path.Combine(RepoPaths.ChaosPlans, "unsafe-counter-lost-updates.yaml")).Plan!;

        Assert.Equal(CounterMode.Unsafe, plan.Workload.Counter.Mode);
        Assert.Contains(plan.Checks, c => c.Kind == CheckKind.LostUpdates);
    }
}
