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
        var reader = _server.OpenWatch(key, prefix, startRevision, out var close, out var openedAt);
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
            close();
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

        // Each wait is awaited without throwing (SuppressThrowing) and then asked how it ended: the same resumptions as
        // the stream's awaits, without an exception when one was cancelled.
        const ConfigureAwaitOptions Quietly = ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext;
        Task step = WaitHealedAsync(token);
        await step.ConfigureAwait(Quietly);
        if (step.IsCompletedSuccessfully)
        {
            step = Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
            await step.ConfigureAwait(Quietly);
        }

        if (!step.IsCompletedSuccessfully)
        {
            return Stopped(cancellationToken, token);
        }

        var reader = _server.OpenWatch(key, prefix: false, startRevision: 0, out var close, out var openedAt);
        try
        {
            step = Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
            await step.ConfigureAwait(Quietly);
            if (step.IsCompletedSuccessfully)
            {
                step = WaitHealedAsync(token);
                await step.ConfigureAwait(Quietly);
            }

            if (!step.IsCompletedSuccessfully)
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

                step = Task.Delay(_options.Latency / 2, _server.TimeProvider, token);
                await step.ConfigureAwait(Quietly);
                if (step.IsCompletedSuccessfully)
                {
                    step = WaitHealedAsync(token);
                    await step.ConfigureAwait(Quietly);
                }

                if (!step.IsCompletedSuccessfully)
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
            close();
        }
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
