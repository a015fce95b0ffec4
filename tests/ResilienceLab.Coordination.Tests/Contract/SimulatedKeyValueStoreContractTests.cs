using ResilienceLab.Simulation;

namespace ResilienceLab.Coordination.Tests.Contract;

/// <summary>
/// The same contract against the in-memory twin, in virtual time. The client has no network latency here, so
/// every call completes at once and <see cref="AdvanceAsync"/> moves the virtual clock (firing lease expiry).
/// </summary>
public sealed class SimulatedKeyValueStoreContractTests : KeyValueStoreContractTests, IDisposable
{
    private readonly VirtualClock _clock = new();
    private readonly SimulatedStore _store;
    private int _clients;

    public SimulatedKeyValueStoreContractTests() => _store = new SimulatedStore(_clock);

    protected override string KeyPrefix { get; } = $"/contract/{Guid.NewGuid():N}/";

    protected override Task<IKeyValueStore> CreateStoreAsync() =>
        Task.FromResult<IKeyValueStore>(_store.CreateClient($"client-{_clients++}", new SimulatedClientOptions { Latency = TimeSpan.Zero, LatencyJitter = TimeSpan.Zero }));

    protected override Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        return Task.CompletedTask;
    }

    public void Dispose() => _store.Dispose();
}
