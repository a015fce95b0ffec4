using ResilienceLab.Coordination.Tests.Nats;

namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>The backend tests on a real NATS JetStream server (key-value buckets), in real time, polling every 20 ms.</summary>
[Collection(NatsCollection.Name)]
public sealed class NatsBackendTests(NatsFixture fixture) : CoordinationBackendTests
{
    protected override void Run(Func<BackendContext, Task> body)
    {
        var buckets = $"t{Guid.NewGuid():N}"[..13];
        var ctx = new BackendContext(() => fixture.CreateBackend(buckets), TimeProvider.System, "/backend", TimeSpan.FromSeconds(2));
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
