using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// What the workers of one replica share: the store client, the clock, the history recorder, the seeded
/// random source, and the replica's one session (recreated after it is lost, as etcd's recipes expect).
/// </summary>
public sealed class ReplicaRuntime(IKeyValueStore store, TimeProvider timeProvider, HistoryRecorder recorder, ReplicaOptions options, DeterministicRandom random)
{
    private readonly SemaphoreSlim _sessionGate = new(1, 1);
    private readonly TaskCompletionSource _ready = new();
    private Session? _session;

    public IKeyValueStore Store { get; } = store;

    public TimeProvider Time { get; } = timeProvider;

    public HistoryRecorder Recorder { get; } = recorder;

    public ReplicaOptions Options { get; } = options;

    public DeterministicRandom Random { get; } = random;

    public string Name => Options.Name;

    /// <summary>Completes once the startup state is loaded; workers start after it.</summary>
    public Task Ready => _ready.Task;

    internal void MarkReady() => _ready.TrySetResult();

    /// <summary>The live session, creating a new one (retrying while the store is unavailable) if there is none or it was lost.</summary>
    public async Task<Session> GetSessionAsync(CancellationToken cancellationToken)
    {
        await _sessionGate.WaitAsync(cancellationToken);
        try
        {
            if (_session is { Lost.IsCancellationRequested: false } live)
            {
                return live;
            }

            var backoff = TimeSpan.FromMilliseconds(50);
            while (true)
            {
                try
                {
                    _session = await Session.CreateAsync(Store, new SessionOptions { Ttl = Options.LockTtl }, Time, cancellationToken);
                    return _session;
                }
                catch (StoreException)
                {
                    await Task.Delay(Random.Jitter(backoff, backoff / 2), Time, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
                }
            }
        }
        finally
        {
            _sessionGate.Release();
        }
    }

    /// <summary>Graceful stop: revoke the session's lease so every lock and leadership of this replica is freed at once.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        var session = _session;
        if (session is null)
        {
            return;
        }

        try
        {
            await session.CloseAsync(cancellationToken);
        }
        catch (StoreException)
        {
            // Unreachable store: the lease expires by itself after its TTL.
        }
    }
}
