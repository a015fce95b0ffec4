using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>
/// What the workers of one replica share: the coordination backend (etcd or NATS), the clock, the history recorder,
/// the seeded random source, and the replica's one session (recreated after it is lost, as etcd's recipes expect).
/// </summary>
public sealed class ReplicaRuntime(ICoordinationBackend coordination, TimeProvider timeProvider, HistoryRecorder recorder, ReplicaOptions options, DeterministicRandom random)
{
    private readonly Lock _gate = new();
    private Task<ICoordinationSession>? _creating;
    private readonly TaskCompletionSource _ready = new();
    private ICoordinationSession? _session;

    /// <summary>The backend every worker of the replica coordinates through.</summary>
    public ICoordinationBackend Coordination { get; } = coordination;

    public TimeProvider Time { get; } = timeProvider;

    public HistoryRecorder Recorder { get; } = recorder;

    public ReplicaOptions Options { get; } = options;

    public DeterministicRandom Random { get; } = random;

    public string Name => Options.Name;

    /// <summary>Completes once the startup state is loaded; workers start after it.</summary>
    public Task Ready => _ready.Task;

    internal void MarkReady() => _ready.TrySetResult();

    /// <summary>The live session, creating a new one (retrying while the store is unavailable) if there is none or it was lost.</summary>
    /// <remarks>
    /// Concurrent callers share one creation. No SemaphoreSlim here: its async waiters resume on the thread pool,
    /// which would take the deterministic simulation off its loop.
    /// </remarks>
    public Task<ICoordinationSession> GetSessionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_session is { Lost.IsCancellationRequested: false } live)
            {
                return Task.FromResult(live);
            }

            if (_creating is not { IsCompleted: false })
            {
                _creating = CreateSessionAsync();
            }

            return _creating.WaitAsync(cancellationToken);
        }
    }

    private async Task<ICoordinationSession> CreateSessionAsync()
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                var session = await Coordination.OpenSessionAsync(new SessionOptions { Ttl = Options.LockTtl });
                lock (_gate)
                {
                    _session = session;
                }

                return session;
            }
            catch (StoreException)
            {
                await Task.Delay(Random.Jitter(backoff, backoff / 2), Time);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }
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
