using ResilienceLab.Coordination;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>
/// A backend that forwards everything, except that while <see cref="HoldSessions"/> is in force new sessions wait to be
/// opened: a test can hold a replica between losing its session and getting a new one, a window that is otherwise a
/// few milliseconds long.
/// </summary>
internal sealed class GatedBackend(ICoordinationBackend inner) : ICoordinationBackend
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _open = CompletedGate();

    public string Kind => inner.Kind;

    /// <summary>Holds new sessions until <see cref="ReleaseSessions"/>.</summary>
    public void HoldSessions()
    {
        lock (_gate)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held and later sessions open.</summary>
    public void ReleaseSessions()
    {
        lock (_gate)
        {
            _open.TrySetResult();
        }
    }

    public async Task<ICoordinationSession> OpenSessionAsync(SessionOptions options, CancellationToken cancellationToken = default)
    {
        Task open;
        lock (_gate)
        {
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken);
        return await inner.OpenSessionAsync(options, cancellationToken);
    }

    public Task<StoreSnapshot> ReadAsync(string key, CancellationToken cancellationToken = default) => inner.ReadAsync(key, cancellationToken);

    public Task<StoreSnapshot> ReadPrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.ReadPrefixAsync(prefix, cancellationToken);

    public Task<long> PutAsync(string key, string value, CancellationToken cancellationToken = default) => inner.PutAsync(key, value, cancellationToken);

    public ICasRegister Register(string key) => inner.Register(key);

    public Task<LockHolder?> HolderAsync(string name, CancellationToken cancellationToken = default) => inner.HolderAsync(name, cancellationToken);

    public Task<IReadOnlyList<LockHolder>> HoldersAsync(string prefix, CancellationToken cancellationToken = default) => inner.HoldersAsync(prefix, cancellationToken);

    public IAsyncEnumerable<LeaderInfo?> ObserveLeaderAsync(string name, CancellationToken cancellationToken = default) => inner.ObserveLeaderAsync(name, cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private static TaskCompletionSource CompletedGate()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
