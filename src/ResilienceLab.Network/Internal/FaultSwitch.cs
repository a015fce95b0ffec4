using ResilienceLab.Coordination;

namespace ResilienceLab.Network.Internal;

/// <summary>
/// The current <see cref="ProxyFault"/> of one proxy, shared by all its connections. Swapped atomically under a
/// lock; read without one. While a blackhole is in effect, a gate task is pending; heal completes it, which
/// releases every stalled reader and writer at once.
/// </summary>
internal sealed class FaultSwitch
{
    private readonly Lock _gate = new();
    private readonly Lock _randomGate = new();
    private readonly DeterministicRandom _random;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private volatile State _state = new(ProxyFault.None, null);

    public FaultSwitch(long seed, TimeProvider time)
    {
        _random = new DeterministicRandom(seed);
        _time = time;
        _origin = time.GetTimestamp();
    }

    public ProxyFault Current => _state.Fault;

    /// <summary>Time since this switch was created, on the proxy's clock (the time base of <see cref="ProxyChunk.Due"/>).</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_origin);

    /// <summary>Applies <paramref name="change"/> to the current fault atomically and returns the new one.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The new fault has a negative or too large latency.</exception>
    public ProxyFault Update(Func<ProxyFault, ProxyFault> change)
    {
        TaskCompletionSource? toRelease = null;
        ProxyFault next;
        lock (_gate)
        {
            var current = _state;
            next = change(current.Fault) ?? throw new InvalidOperationException("A fault change returned null; return ProxyFault.None to heal.");
            var error = next.ToUpstream.GetValidationError() ?? next.ToClient.GetValidationError();
            if (error is not null)
            {
                throw new ArgumentOutOfRangeException(nameof(change), error);
            }

            TaskCompletionSource? released = null;
            if (next.Kind == ProxyFaultKind.Blackhole)
            {
                // Continuations run asynchronously so that heal never runs a connection's pump on the caller's thread.
                released = current.Released ?? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            else
            {
                toRelease = current.Released;
            }

            _state = new State(next, released);
        }

        toRelease?.TrySetResult();
        return next;
    }

    /// <summary>Completes at once unless a blackhole is in effect; then when it is lifted.</summary>
    public ValueTask WaitWhileBlackholedAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        return state.Released is null ? ValueTask.CompletedTask : WaitSlowAsync(state, cancellationToken);
    }

    /// <summary>The delay of a chunk read now in <paramref name="direction"/> (jittered; zero without latency).</summary>
    public TimeSpan NextDelay(ProxyDirection direction)
    {
        var latency = _state.Fault.LatencyOf(direction);
        if (latency.IsNone)
        {
            return TimeSpan.Zero;
        }

        lock (_randomGate)
        {
            return _random.Jitter(latency.Delay, latency.Jitter);
        }
    }

    private async ValueTask WaitSlowAsync(State state, CancellationToken cancellationToken)
    {
        // Heal followed quickly by a new partition installs a new gate: wait on it too.
        while (state.Released is { } released)
        {
            await released.Task.WaitAsync(cancellationToken);
            state = _state;
        }
    }

    private sealed record State(ProxyFault Fault, TaskCompletionSource? Released);
}
