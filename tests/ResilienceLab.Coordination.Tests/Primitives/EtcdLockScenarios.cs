using ResilienceLab.Coordination.Tests.Etcd;

namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>The lock and election scenarios against a real etcd, in real time (8 contenders × 50 acquisitions).</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdLockScenarios(EtcdFixture fixture) : DistributedLockScenarios
{
    protected override void Run(Func<ScenarioContext, Task> body)
    {
        var ctx = new ScenarioContext(_ => fixture.CreateStore(), TimeProvider.System, $"/scenario/{Guid.NewGuid():N}", TimeSpan.FromSeconds(2));
        try
        {
            body(ctx).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        }
        finally
        {
            ctx.DisposeClientsAsync().GetAwaiter().GetResult();
        }
    }
}
