using System.Runtime.CompilerServices;
using Etcdserverpb;
using Grpc.Core;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Etcd;

public sealed partial class EtcdKeyValueStore
{
    /// <summary>
    /// Streams events over etcd's Watch stream. When the stream breaks (member killed, restarted, frozen past
    /// the keep-alive), it is re-created on the next member from the revision after the last delivered one, so
    /// no event is lost or repeated; etcd never splits one revision's events across responses.
    /// Events of one revision come in the order etcd applied them: a txn's ops in op order, a prefix delete or
    /// a lease's keys in key order.
    /// </summary>
    /// <exception cref="RevisionCompactedException">The start (or resume) revision has been compacted.</exception>
    /// <exception cref="StoreUnavailableException">The stream could not be (re)created within the retries.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async IAsyncEnumerable<WatchEvent> WatchAsync(
        string key, bool prefix = false, long startRevision = 0, Action<long>? created = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(startRevision);
        ThrowIfDisposed();

        var next = startRevision;
        var brokenInARow = 0;
        while (true)
        {
            var (call, endpoint, index, createdAt) = await CreateWatchAsync(key, prefix, next, cancellationToken);
            created?.Invoke(createdAt);
            created = null;
            if (next == 0)
            {
                // "From now on" is pinned at creation, so a re-created stream does not skip what happened in between.
                next = createdAt + 1;
            }

            using (call)
            {
                while (true)
                {
                    WatchResponse? response;
                    try
                    {
                        response = await call.ResponseStream.MoveNext(cancellationToken) ? call.ResponseStream.Current : null;
                    }
                    catch (Exception error) when (_executor.Translate(error, EtcdOperationKind.Read, "watch", key, 0, endpoint, cancellationToken) is { } translated)
                    {
                        // A broken stream (member killed, restarted, connection reset) is re-created; anything else ends the watch.
                        response = translated is StoreUnavailableException ? null : throw translated;
                    }

                    if (response is null)
                    {
                        break;
                    }

                    ThrowIfCanceled(response, key, next);
                    foreach (var change in response.Events)
                    {
                        yield return ToWatchEvent(change);
                    }

                    if (response.Events.Count > 0)
                    {
                        next = response.Events[^1].Kv.ModRevision + 1;
                        brokenInARow = 0;
                    }
                }
            }

            brokenInARow++;
            _ring.MoveNext(index);
            if (brokenInARow > Math.Max(1, _options.MaxRetries))
            {
                throw new StoreUnavailableException(
                    $"watch on '{key}' broke {brokenInARow} times in a row without an event (last member {endpoint}); resume from revision {next}.");
            }
        }
    }

    /// <summary>Opens a Watch stream and waits for its "created" reply, with the deadline and retries of a read.</summary>
    private Task<(AsyncDuplexStreamingCall<WatchRequest, WatchResponse> Call, string Endpoint, int Index, long CreatedAt)> CreateWatchAsync(
        string key, bool prefix, long startRevision, CancellationToken cancellationToken)
    {
        var (rangeKey, rangeEnd) = EtcdProtoMapping.Range(key, prefix);
        var create = new WatchRequest
        {
            CreateRequest = new WatchCreateRequest { Key = rangeKey, RangeEnd = rangeEnd, StartRevision = startRevision },
        };

        return _executor.ExecuteAsync(
            EtcdOperationKind.Read, "watch", key, 0,
            async (client, attemptToken) =>
            {
                // The stream lives as long as the caller's token; only its creation is bounded by the attempt's deadline.
                var (_, endpoint, index) = _ring.Current;
                var call = client.GetConnection().WatchClient.Watch(cancellationToken: cancellationToken);
                try
                {
                    await call.RequestStream.WriteAsync(create, attemptToken);
                    while (await call.ResponseStream.MoveNext(attemptToken))
                    {
                        var reply = call.ResponseStream.Current;
                        ThrowIfCanceled(reply, key, startRevision);
                        if (reply.Created)
                        {
                            return (call, endpoint, index, reply.Header.Revision);
                        }
                    }

                    throw new IOException($"etcd at {endpoint} closed the watch stream before confirming it.");
                }
                catch
                {
                    call.Dispose();
                    throw;
                }
            },
            cancellationToken);
    }

    private static void ThrowIfCanceled(WatchResponse response, string key, long requested)
    {
        if (!response.Canceled)
        {
            return;
        }

        if (response.CompactRevision > 0)
        {
            throw new RevisionCompactedException(requested, response.CompactRevision);
        }

        throw new StoreException($"etcd cancelled the watch on '{key}': {response.CancelReason}");
    }

    private static WatchEvent ToWatchEvent(Mvccpb.Event change) => new(
        change.Type == Mvccpb.Event.Types.EventType.Delete ? WatchEventType.Delete : WatchEventType.Put,
        EtcdProtoMapping.ToKeyValue(change.Kv));
}
