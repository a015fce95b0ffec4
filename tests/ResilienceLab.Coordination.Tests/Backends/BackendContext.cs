namespace ResilienceLab.Coordination.Tests.Backends;

/// <summary>What a backend test needs: fresh backends (one per simulated replica), a clock, a unique key prefix, a TTL.</summary>
public sealed class BackendContext(Func<ICoordinationBackend> newBackend, TimeProvider time, string prefix, TimeSpan ttl)
{
    private readonly List<ICoordinationBackend> _backends = [];

    /// <summary>The clock the test and its sessions use (virtual in the simulation).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Unique per test so tests can share one server.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The TTL of every session of the test.</summary>
    public TimeSpan Ttl { get; } = ttl;

    /// <summary>A new connection to the store (a replica's), disposed when the test ends.</summary>
    public ICoordinationBackend NewBackend()
    {
        var backend = newBackend();
        lock (_backends)
        {
            _backends.Add(backend);
        }

        return backend;
    }

    /// <summary>A session on a connection of its own.</summary>
    public Task<ICoordinationSession> NewSessionAsync() => NewBackend().OpenSessionAsync(new SessionOptions { Ttl = Ttl });

    public TimeSpan Elapsed(long since) => Time.GetElapsedTime(since);

    /// <summary>Waits until <paramref name="condition"/> holds, polling every 10 ms, or fails after <paramref name="timeout"/>.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var started = Time.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Time.GetElapsedTime(started) < timeout, $"timed out after {timeout} waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(10), Time);
        }
    }

    internal async Task DisposeBackendsAsync()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }
}
