using ResilienceLab.Chaos.Controller;
using ResilienceLab.Chaos.IntegrationTests.Infrastructure;
using ResilienceLab.Chaos.Plans;
using ResilienceLab.Chaos.Running;

namespace ResilienceLab.Chaos.IntegrationTests.Controller;

/// <summary>
/// A plan whose store endpoints answer nothing (issue #18, item 9) fails before any replica starts, naming the
/// endpoint — not half a minute later as "the replicas did not start" under the workers' gRPC errors.
/// </summary>
[Collection(LocalPlansCollection.Name)]
public sealed class StoreProbeTests
{
    private const string Plan = """
        apiVersion: resiliencelab/v1
        kind: ChaosPlan
        metadata:
          name: dead-store
        target:
          kind: local
          replicas: 2
        store:
          kind: KIND
          endpoints: [ENDPOINT]
        workload:
          duration: 10s
          tasks:
            count: 1
        """;

    [Theory]
    [InlineData("etcd", "http://127.0.0.1:1")]
    [InlineData("nats", "nats://127.0.0.1:1")]
    public async Task Run_StoreEndpointAnswersNothing_FailsFirstNamingTheEndpoint(string kind, string endpoint)
    {
        var loaded = ChaosPlanLoader.LoadText(Plan.Replace("KIND", kind, StringComparison.Ordinal).Replace("ENDPOINT", endpoint, StringComparison.Ordinal), "dead-store.yaml");
        Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics));

        var error = await Assert.ThrowsAsync<PlanRunException>(() => LocalPlanRun.RunAsync(loaded.Plan!, 1, new ChaosRunOptions()));

        Assert.StartsWith("store.endpoints: no", error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("replicas did not start", error.Message, StringComparison.Ordinal);
    }
}
