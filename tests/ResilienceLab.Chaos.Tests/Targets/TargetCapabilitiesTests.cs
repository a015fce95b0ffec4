using System.Text;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;
using ResilienceLab.Chaos.Targets;
using ResilienceLab.Simulation;

namespace ResilienceLab.Chaos.Tests.Targets;

/// <summary>The one table of what each target offers, and the documentation printed from it.</summary>
public sealed class TargetCapabilitiesTests
{
    private static readonly (string Name, TargetKind Kind, bool Agent)[] Columns =
    [
        ("simulation", TargetKind.Simulation, false),
        ("local", TargetKind.Local, false),
        ("kubernetes", TargetKind.Kubernetes, false),
        ("kubernetes + agent", TargetKind.Kubernetes, true),
    ];

    [Fact]
    public void WhyNot_SimulationAndLocal_OfferEveryAction() =>
        Assert.All(Enum.GetValues<ChaosActionKind>(), a =>
        {
            Assert.Null(TargetCapabilities.WhyNot(TargetKind.Simulation, agent: false, a));
            Assert.Null(TargetCapabilities.WhyNot(TargetKind.Local, agent: false, a));
        });

    [Theory]
    [InlineData(ChaosActionKind.Pause)]
    [InlineData(ChaosActionKind.Partition)]
    [InlineData(ChaosActionKind.Latency)]
    [InlineData(ChaosActionKind.Heal)]
    [InlineData(ChaosActionKind.StoreFault)]
    public void WhyNot_KubernetesAgentActions_OfferedOnlyWithTheAgent(ChaosActionKind action)
    {
        Assert.NotNull(TargetCapabilities.WhyNot(TargetKind.Kubernetes, agent: false, action));
        Assert.Null(TargetCapabilities.WhyNot(TargetKind.Kubernetes, agent: true, action));
    }

    [Fact]
    public void WhyNot_AgentOnANonKubernetesTarget_IsIgnored() =>
        Assert.Null(TargetCapabilities.WhyNot(TargetKind.Local, agent: true, ChaosActionKind.Pause));

    /// <summary>The simulation has every capability the table gives it, and holds to the table action by action.</summary>
    [Fact]
    public async Task Capability_SimulationTarget_MatchesTheCapabilityTable()
    {
        var plan = Load("simulation", "{kind: simulated, members: 3}");
        await using var target = new SimulationTarget(new SimulationLoop(), PlanWorkload.ToReplicaOptions(plan), 3, 3, seed: 1);

        Assert.All(Enum.GetValues<ChaosActionKind>(), action =>
            Assert.Equal(TargetCapabilities.Supports(TargetKind.Simulation, agent: false, action), TargetCapabilities.Has(target, action)));
    }

    /// <summary>
    /// A local target that starts its etcd holds to the table; without starting the store it has no members to kill, and
    /// on nats no etcd client to revoke a lease with (the validator refuses both plans before that).
    /// </summary>
    [Theory]
    [InlineData("{kind: etcd, start: {members: 1}}", new Type[0])]
    [InlineData("{kind: etcd, endpoints: [\"http://127.0.0.1:2379\"]}", new[] { typeof(IStoreMembers) })]
    [InlineData("{kind: nats, start: {}}", new[] { typeof(IStoreMembers), typeof(IStoreObserver) })]
    public async Task Capability_LocalTarget_MatchesTheTableAsTheStoreAllows(string store, Type[] missing)
    {
        var plan = Load("local", store);
        await using var target = new LocalTarget(plan, Path.GetTempPath());

        Assert.All(Enum.GetValues<ChaosActionKind>(), action =>
            Assert.Equal(
                TargetCapabilities.Supports(TargetKind.Local, agent: false, action) && !missing.Contains(TargetCapabilities.CapabilityOf(action)),
                TargetCapabilities.Has(target, action)));
    }

    private static ChaosPlan Load(string target, string store)
    {
        var yaml = $$"""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata: {name: capabilities}
            target: {kind: {{target}}, replicas: 3}
            store: {{store}}
            workload:
              duration: 10s
              tasks: {count: 1}
            """;
        var loaded = ChaosPlanLoader.LoadText(yaml, "capabilities.yaml");
        return loaded.Plan ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
    }

    /// <summary>docs/chaos-plans.md shows the table between two markers; it must be what the code says.</summary>
    [Fact]
    public void Documentation_ActionsByTargetTable_IsTheCapabilityTable()
    {
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "chaos-plans.md")).ReplaceLineEndings("\n");
        const string Begin = "<!-- actions-by-target:begin -->\n";
        const string End = "<!-- actions-by-target:end -->";
        var start = docs.IndexOf(Begin, StringComparison.Ordinal);
        var end = docs.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/chaos-plans.md has no actions-by-target markers");

        Assert.Equal(Render(), docs[(start + Begin.Length)..end]);
    }

    /// <summary>The markdown table: one row per action, one column per target.</summary>
    internal static string Render()
    {
        var table = new StringBuilder();
        table.Append("| action | ").AppendJoin(" | ", Columns.Select(c => c.Name)).Append(" |\n");
        table.Append("|---|").AppendJoin("", Columns.Select(_ => "---|")).Append('\n');
        foreach (var action in Enum.GetValues<ChaosActionKind>())
        {
            table.Append("| `").Append(PlanNames.Of(action)).Append("` | ")
                .AppendJoin(" | ", Columns.Select(c => TargetCapabilities.Supports(c.Kind, c.Agent, action) ? "yes" : "no"))
                .Append(" |\n");
        }

        return table.ToString();
    }
}
