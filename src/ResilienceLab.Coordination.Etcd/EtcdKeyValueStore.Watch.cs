using System.Runtime.CompilerServices;
using System.Threading.Channels;
using dotnet_etcd;
using Etcdserverpb;
using ResilienceLab.Coordination.Etcd.Internal;

namespace ResilienceLab.Coordination.Etcd;

public sealed partial class EtcdKeyValueStore
{
    private readonly Lock _watchGate = new();
    private readonly EtcdWatchStream?[] _watchStreams;
    private readonly List<EtcdWatchStream> _retiredWatchStreams = [];

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
            var (watch, createdAt) = await CreateWatchAsync(key, prefix, next, cancellationToken);
            created?.Invoke(createdAt);
            created = null;
            if (next == 0)
            {
                // "From now on" is pinned at creation, so a re-created watch does not skip what happened in between.
                next = createdAt + 1;
            }

            using (watch)
            {
                while (true)
                {
                    WatchResponse? response;
                    try
                    {
                        response = await watch.Responses.WaitToReadAsync(cancellationToken) && watch.Responses.TryRead(out var read) ? read : null;
                    }
                    catch (Exception error) when (_executor.Translate(Unwrap(error), EtcdOperationKind.Read, "watch", key, 0, watch.Endpoint, cancellationToken) is { } translated)
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
            _ring.MoveNext(watch.Index);
            if (brokenInARow > Math.Max(1, _options.MaxRetries))
            {
                throw new StoreUnavailableException(
                    $"watch on '{key}' broke {brokenInARow} times in a row without an event (last member {watch.Endpoint}); resume from revision {next}.");
            }
        }
    }

    /// <summary>
    /// Opens a watch on the current member's shared stream and waits for its "created" reply, with the deadline and
    /// retries of a read. A create refused for its auth ("permission denied", "invalid auth token", …) is retried once on a new stream with a fresh token (the
    /// stream's own token may have been revoked; see <see cref="EtcdWatchStream"/>); refused again, it is a real denial.
    /// A create with no reply within the call timeout retires its stream, so the retry goes out on a new one.
    /// </summary>
    private Task<(EtcdWatchStream.Watch Watch, long CreatedAt)> CreateWatchAsync(string key, bool prefix, long startRevision, CancellationToken cancellationToken)
    {
        var (rangeKey, rangeEnd) = EtcdProtoMapping.Range(key, prefix);
        return _executor.ExecuteAsync(
            EtcdOperationKind.Read, "watch", key, 0,
            async (client, attemptToken) =>
            {
                var (_, endpoint, index) = _ring.Current;
                var session = _ring.Session(index);
                var stream = WatchStreamOn(client, endpoint, index, session.Token);
                try
                {
                    return await CreateOnAsync(stream, rangeKey, rangeEnd, startRevision, attemptToken, cancellationToken);
                }
                catch (WatchCreateDeniedException)
                {
                    stream.Retire();
                    session.Invalidate(stream.Token);
                    await session.EnsureAsync(client, attemptToken);
                    EtcdActivities.TokenRejected(session.Username);
                }

                var fresh = WatchStreamOn(client, endpoint, index, session.Token);
                try
                {
                    return await CreateOnAsync(fresh, rangeKey, rangeEnd, startRevision, attemptToken, cancellationToken);
                }
                catch (WatchCreateDeniedException denied)
                {
                    throw denied.IsPermission
                        ? new EtcdPermissionDeniedException(endpoint, session.Username, "watch", key, denied)
                        : new EtcdAuthenticationException(endpoint, session.Username, $"etcd at {endpoint} refused a watch on '{key}' for user '{session.Username ?? "(none)"}' even after re-authenticating ({denied.Reason}).", denied);
                }
            },
            cancellationToken);
    }

    private static async Task<(EtcdWatchStream.Watch Watch, long CreatedAt)> CreateOnAsync(
        EtcdWatchStream stream, Google.Protobuf.ByteString rangeKey, Google.Protobuf.ByteString rangeEnd, long startRevision, CancellationToken attemptToken, CancellationToken callerToken)
    {
        try
        {
            return await stream.CreateAsync(new WatchCreateRequest { Key = rangeKey, RangeEnd = rangeEnd, StartRevision = startRevision }, attemptToken);
        }
        catch (OperationCanceledException) when (attemptToken.IsCancellationRequested && !callerToken.IsCancellationRequested)
        {
            // No reply within the call timeout: whatever holds this stream up (a member frozen, a reply etcd never
            // matched to us), the retry must not queue behind it.
            stream.Retire();
            throw;
        }
    }

    /// <summary>
    /// The open watch stream to member <paramref name="index"/>; a new one when there is none, it broke or was retired, or
    /// it was opened with another token than <paramref name="token"/> (the member's client has re-authenticated since:
    /// etcd would refuse new watches on the old stream). A replaced stream that still carries watches is kept until they end.
    /// </summary>
    private EtcdWatchStream WatchStreamOn(EtcdClient client, string endpoint, int index, string? token)
    {
        var done = new List<EtcdWatchStream>();
        EtcdWatchStream stream;
        lock (_watchGate)
        {
            ThrowIfDisposed();
            var current = _watchStreams[index];
            if (current is { IsRetired: false } open && open.Token == token)
            {
                return open;
            }

            stream = new EtcdWatchStream(cancel => client.GetConnection().WatchClient.Watch(cancellationToken: cancel), endpoint, index, token);
            _watchStreams[index] = stream;
            if (current is not null)
            {
                current.Retire();
                _retiredWatchStreams.Add(current);
            }

            // Retired streams are closed once their last watch has ended (a broken one at once: its watches have failed).
            done.AddRange(_retiredWatchStreams.Where(s => s.Count == 0 || s.IsBroken));
            _retiredWatchStreams.RemoveAll(done.Contains);
        }

        foreach (var retired in done)
        {
            _ = retired.DisposeAsync().AsTask();
        }

        return stream;
    }

    private async ValueTask DisposeWatchStreamsAsync()
    {
        EtcdWatchStream?[] streams;
        lock (_watchGate)
        {
            streams = [.. _watchStreams, .. _retiredWatchStreams];
            Array.Clear(_watchStreams);
            _retiredWatchStreams.Clear();
        }

        foreach (var stream in streams)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    /// <summary>A channel completed with an error rethrows it wrapped; translate the stream's own error.</summary>
    private static Exception Unwrap(Exception error) => error is ChannelClosedException { InnerException: { } inner } ? inner : error;

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
