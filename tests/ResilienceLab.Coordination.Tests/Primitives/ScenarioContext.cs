namespace ResilienceLab.Coordination.Tests.Primitives;

/// <summary>What a primitive scenario needs from a store back-end: fresh clients, a clock, a unique key prefix.</summary>
public sealed class ScenarioContext(Func<string, IKeyValueStore> newClient, TimeProvider time, string prefix, TimeSpan ttl)
{
    private readonly List<IKeyValueStore> _clients = [];

    /// <summary>The clock the scenario and its sessions use (virtual in the simulation).</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>Unique per test so tests can share one etcd.</summary>
    public string Prefix { get; } = prefix;

    /// <summary>The lease TTL to use (the back-end's minimum that still exercises expiry).</summary>
    public TimeSpan Ttl { get; } = ttl;

    /// <summary>
    /// How long after the TTL a take-over may come: 1 s in virtual time, where only the protocol's own delays count; 3 s on
    /// a real store, where a loaded 2-core machine adds scheduling delay to the lease check and the waiter's wake-up.
    /// </summary>
    public TimeSpan TakeoverSlack => Time == TimeProvider.System ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(1);

    /// <summary>A new client, closed when the scenario ends.</summary>
    public IKeyValueStore NewClient(string name)
    {
        var client = newClient(name);
        _clients.Add(client);
        return client;
    }

    public Task<Session> NewSessionAsync(string name, TimeSpan? ttl = null) =>
        Session.CreateAsync(NewClient(name), new SessionOptions { Ttl = ttl ?? Ttl }, Time);

    public Task DelayAsync(TimeSpan delay) => Task.Delay(delay, Time);

    public TimeSpan Elapsed(long since) => Time.GetElapsedTime(since);

    internal async Task DisposeClientsAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
