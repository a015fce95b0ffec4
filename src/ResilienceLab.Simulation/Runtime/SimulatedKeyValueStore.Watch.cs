using System.Runtime.CompilerServices;

using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>Watches through the simulated network: events arrive after the one-way latency and stall while partitioned.</summary>
public sealed partial class SimulatedKeyValueStore
{
    private readonly CancellationTokenSource _closeWatches = new();

    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        string key, bool prefix = false, long startRevision = 0, Action<long>? created = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closeWatches.Token);
        var token = linked.Token;

        // Opening the stream is a request like any other: it waits for the network first.
        await WaitHealedAsync(token);
        await Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
        var reader = _server.OpenWatch(key, prefix, startRevision, out var openedAt);
        try
        {
            if (created is not null)
            {
                // The confirmation travels back like a reply; events meanwhile wait in the stream.
                await Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
                await WaitHealedAsync(token);
                created(openedAt);
            }

            while (true)
            {
                WatchEvent next;
                try
                {
                    if (!await reader.WaitToReadAsync(token) || !reader.TryRead(out next!))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (_closeWatches.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    yield break;
                }

                await Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
                await WaitHealedAsync(token);
                yield return next;
            }
        }
        finally
        {
            _server.CloseWatch(reader);
        }
    }

    /// <summary>
    /// The lock queue's wait for a key's delete: the stream <see cref="WatchAsync"/> gives, read until its first delete,
    /// step for step (the same trips through the network, at the same points), except that a wait its caller stopped
    /// ends as false: through the stream that was a cancellation thrown in it and again in its reader, two exceptions
    /// for every lock wait that ended, the most common exceptions of a seed (docs/benchmarks.md, seventh pass).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    async ValueTask<bool> IDirectKeyValueStore.WatchForDeleteAsync(string key, Action<long> created, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closeWatches.Token);
        var token = linked.Token;

        // Opening the stream is a request like any other: it waits for the network first.
        if (!await LegAsync(healedFirst: true, token).ConfigureAwait(false))
        {
            return Stopped(cancellationToken, token);
        }

        var reader = _server.OpenWatch(key, prefix: false, startRevision: 0, out var openedAt);
        try
        {
            // The confirmation travels back like a reply.
            if (!await LegAsync(healedFirst: false, token).ConfigureAwait(false))
            {
                return Stopped(cancellationToken, token);
            }

            created(openedAt);
            while (true)
            {
                var waited = reader.WaitToReadAsync(token);
                await ((Task)waited).ConfigureAwait(Quietly);
                if (!waited.IsCompletedSuccessfully)
                {
                    // The stream ends when the store closes its watches; a stop by the caller ends the wait.
                    return Stopped(cancellationToken, token, closing: _closeWatches.IsCancellationRequested);
                }

                if (!waited.Result || !reader.TryRead(out var next))
                {
                    return false;
                }

                if (!await LegAsync(healedFirst: false, token).ConfigureAwait(false))
                {
                    return Stopped(cancellationToken, token);
                }

                if (next.Type == WatchEventType.Delete)
                {
                    return true;
                }
            }
        }
        finally
        {
            _server.CloseWatch(reader);
        }
    }

    // A wait awaited without throwing, then asked how it ended: the resumption the stream's await had, no exception.
    private const ConfigureAwaitOptions Quietly = ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext;

    /// <summary>
    /// One leg of a watch message through the network, as <see cref="WatchAsync"/> takes it: the one-way delay and the
    /// wait for a cut to heal (<paramref name="healedFirst"/>: in that order), without throwing; false when cancelled.
    /// A pooled core (it awaits its tasks plainly, so it completes on its caller's context; docs/simulation.md).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> LegAsync(bool healedFirst, CancellationToken token)
    {
        var step = healedFirst ? WaitHealedAsync(token) : Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
        await step.ConfigureAwait(Quietly);
        if (!step.IsCompletedSuccessfully)
        {
            return false;
        }

        step = healedFirst ? Task.Delay(_options.Latency / 2, _server.TimeProvider, token) : WaitHealedAsync(token);
        await step.ConfigureAwait(Quietly);
        return step.IsCompletedSuccessfully;
    }

    /// <summary>
    /// How a stopped <see cref="IDirectKeyValueStore.WatchForDeleteAsync"/> ends, as its stream's reader ended: quietly when its
    /// caller stopped it (or the store closed the stream while it waited for an event), with the cancellation otherwise.
    /// </summary>
    private static bool Stopped(CancellationToken caller, CancellationToken token, bool closing = false) =>
        caller.IsCancellationRequested || closing ? false : throw new OperationCanceledException(token);

    private Task WaitHealedAsync(CancellationToken cancellationToken)
    {
        Task healed;
        lock (_gate)
        {
            healed = _healed.Task;
        }

        return healed.IsCompleted ? Task.CompletedTask : healed.WaitAsync(cancellationToken);
    }
}
