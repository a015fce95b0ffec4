using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Tests.Plans;

/// <summary><c>target.agent</c>: the Kubernetes pods carry the fault agent sidecar, and the validator offers its faults.</summary>
public sealed class AgentPlanTests
{
    private const string Schedule = """
        schedule:
          - {name: pause-holder, action: pause, at: 5s, duration: 8s, selector: {role: lock-holder, task: 0}}
          - {name: cut-one, action: partition, at: 15s, selector: {mode: one, role: any}}
          - {name: slow-one, action: latency, at: 20s, duration: 5s, latency: 200ms, selector: {mode: one, role: any}}
          - {name: heal-all, action: heal, at: 30s}
          - {name: faults-on-one, action: store-fault, at: 35s, duration: 5s, probability: 0.3, selector: {mode: one, role: any}}
        """;

    [Theory]
    [InlineData("agent: true", ChaosPlanConstants.DefaultAgentTokenFile)]
    [InlineData("agent: {}", ChaosPlanConstants.DefaultAgentTokenFile)]
    [InlineData("agent: {tokenFile: /secrets/agent/token}", "/secrets/agent/token")]
    public void LoadText_KubernetesWithAgent_AcceptsPausePartitionLatencyHealAndStoreFault(string agent, string tokenFile)
    {
        var result = ChaosPlanLoader.LoadText(Text(agent), "agent.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Equal(new AgentSpec(tokenFile), result.Plan!.Target.Agent);
        Assert.Equal([ChaosActionKind.Pause, ChaosActionKind.Partition, ChaosActionKind.Latency, ChaosActionKind.Heal, ChaosActionKind.StoreFault], result.Plan.Schedule.Select(s => s.Action));
    }

    [Fact]
    public void LoadText_KubernetesWithoutAgent_RejectsEachAgentActionNamingTheWayToGetIt()
    {
        var result = ChaosPlanLoader.LoadText(Text(""), "no-agent.yaml");

        var errors = result.Diagnostics.Where(d => d.Code == PlanDiagnosticCodes.UnsupportedAction).ToList();
        Assert.Equal(5, errors.Count);
        Assert.All(errors, e => Assert.Contains("declare target.agent and deploy the workers with the agent sidecar (k8s/agent/30-worker-agent.yaml)", e.Message, StringComparison.Ordinal));
        Assert.Contains("step 'pause-holder': action 'pause' is not supported on target kubernetes", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_KubernetesWithAgent_StillRejectsEtcdMemberKills()
    {
        var text = Text("agent: true").Replace(Schedule, """
            schedule:
              - {name: kill-etcd, action: kill-etcd-member, at: 5s, member: leader}
            """, StringComparison.Ordinal);

        var result = ChaosPlanLoader.LoadText(text, "agent.yaml");

        var error = Assert.Single(result.Diagnostics, d => d.Code == PlanDiagnosticCodes.UnsupportedAction);
        Assert.Contains("does not own the store's members", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_AgentNotABooleanOrMapping_SaysWhatItTakes()
    {
        var result = ChaosPlanLoader.LoadText(Text("agent: yes-please"), "agent.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Contains("target.agent: expected true or a mapping such as {tokenFile: ", error.Message, StringComparison.Ordinal);
    }

    private static string Text(string agent) => PlanTexts.Header + $$"""
        target:
          kind: kubernetes
          replicas: 3
          namespace: resiliencelab
          selector: {app: resiliencelab-worker}
          {{agent}}
        store:
          kind: etcd
          endpoints: [http://etcd.resiliencelab.svc:2379]
        workload:
          duration: 60s
          tasks: {count: 1, lockTtl: 5s}

        """ + Schedule;
}
