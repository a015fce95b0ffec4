using ResilienceLab.Coordination.Tests.Etcd;

namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>The backend tests on a real etcd (the etcd recipes over the dotnet-etcd adapter), in real time.</summary>
[Collection(EtcdCollection.Name)]
public sealed class EtcdBackendTests(EtcdFixture fixture) : CoordinationBackendTests
{
    protected override void Run(Func<BackendContext, Task> body, TimeSpan ttl)
    {
        var ctx = new BackendContext(() => new EtcdCoordinationBackend(fixture.CreateStore(), TimeProvider.System, ownsStore: true), TimeProvider.System, $"/backend/{Guid.NewGuid():N}", ttl);
        try
        {
            body(ctx).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        }
        finally
        {
            ctx.DisposeBackendsAsync().GetAwaiter().GetResult();
        }
    }
}
