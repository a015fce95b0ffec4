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
