using ResilienceLab.Coordination.Tests.Nats;

namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>The backend tests on a real NATS JetStream server (key-value buckets), in real time, polling every 20 ms.</summary>
[Collection(NatsCollection.Name)]
public sealed class NatsBackendTests(NatsFixture fixture) : CoordinationBackendTests
{
    protected override void Run(Func<BackendContext, Task> body, TimeSpan ttl)
    {
        var buckets = $"t{Guid.NewGuid():N}"[..13];
        var ctx = new BackendContext(() => fixture.CreateBackend(buckets), TimeProvider.System, "/backend", ttl);
        try
        {
            // The buckets exist before the replicas start, as when a team creates them (nats kv add) or an earlier replica
            // did. nats-server 2.9 can drop the reply to a call sent while two replicas create one bucket for the first
            // time (an indeterminate outcome); that race has its own test (NatsCoordinationBackendTests.FirstUse_…).
            OpenBucketsAsync(ctx).WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
            body(ctx).WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        }
        finally
        {
            ctx.DisposeBackendsAsync().GetAwaiter().GetResult();
        }
    }

    private static async Task OpenBucketsAsync(BackendContext ctx)
    {
        var backend = ctx.NewBackend();
        await backend.Register(ctx.Prefix + "/buckets").ReadAsync();
        await (await backend.OpenSessionAsync(new SessionOptions { Ttl = ctx.Ttl })).CloseAsync();
    }
}
