using ResilienceLab.Coordination.Nats;
using ResilienceLab.Hosting;

namespace ResilienceLab.Coordination.Tests.Nats;

/// <summary>
/// One real <c>nats-server -js</c> (Debian's 2.9) on a free loopback port with a temp store dir, for every test in
/// <see cref="NatsCollection"/>; killed and its directory deleted after the run. Each backend a test creates gets the
/// test's own bucket prefix, so tests share the server but not their buckets.
/// </summary>
public sealed class NatsFixture : IAsyncLifetime
{
    private NatsServerProcess? _server;

    /// <summary>The running server.</summary>
    public NatsServerProcess Server => _server ?? throw new InvalidOperationException("The NATS fixture has not started.");

    /// <summary>A new backend (the caller disposes it) on the server, with a short call timeout so a broken test fails fast.</summary>
    public NatsCoordinationBackend CreateBackend(string bucketPrefix, TimeSpan? pollInterval = null) => new(new NatsBackendOptions
    {
        Url = Server.Url,
        BucketPrefix = bucketPrefix,
        CallTimeout = TimeSpan.FromSeconds(3),
        PollInterval = pollInterval ?? TimeSpan.FromMilliseconds(20),
    });

    public async Task InitializeAsync() => _server = await NatsServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
