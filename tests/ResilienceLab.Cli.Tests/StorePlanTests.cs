using ResilienceLab.Chaos.Plans;
using ResilienceLab.Cli.Commands.Compare;

namespace ResilienceLab.Cli.Tests;

public sealed class StorePlanTests
{
    [Fact]
    public void For_PlanForATeamsEtcdWithCredentials_StartsItsOwnStoreWithoutThem()
    {
        var loaded = ChaosPlanLoader.LoadText("""
            apiVersion: resiliencelab/v1
            kind: ChaosPlan
            metadata:
              name: team-etcd
            target:
              kind: local
              replicas: 2
            store:
              kind: etcd
              endpoints: [https://etcd.internal:2379]
              username: root
              passwordFrom: {env: ETCD_ROOT_PASSWORD}
              tls: {ca: /etc/ca.pem}
            workload:
              duration: 10s
              tasks:
                count: 1
            """, "team-etcd.yaml");
        Assert.True(loaded.Plan is not null, string.Join("\n", loaded.Diagnostics));

        var store = StorePlan.For(loaded.Plan, StoreKind.Etcd).Plan.Store;

        Assert.NotNull(store.Start);
        Assert.Empty(store.Endpoints);
        Assert.Null(store.Credentials);
        Assert.Null(store.Tls);
    }
}
