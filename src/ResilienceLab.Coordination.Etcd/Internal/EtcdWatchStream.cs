using System.Collections.Concurrent;
using System.Threading.Channels;
using Etcdserverpb;
using Grpc.Core;

namespace ResilienceLab.Coordination.Etcd.Internal;

/// <summary>
/// One gRPC Watch stream to one member, shared by every watch the store opens there (as etcd's Go client does):
/// opening a watch is one create request on the open stream instead of a new HTTP/2 stream, and a new pair of
/// goroutines in etcd. Watches are told apart by client-assigned watch ids (etcd ≥ 3.4). When the stream breaks,
/// every watch on it fails with the error and its owner re-creates it — on a new stream — from its next revision.
/// </summary>
/// <remarks>
/// etcd checks a watch's permission when it is created, with the auth token the <em>stream</em> was opened with. Once
/// that token is revoked (auth disabled and enabled, a password or role changed) every create on the stream is refused
/// (as "permission denied" or "invalid auth token") — and etcd 3.4 sends the "permission denied" refusal with watch id
/// -1, not the id the client asked for. Create
/// replies come in request order, so a created reply with an id no pending create has is the answer to the oldest
/// pending create (<see cref="WatchCreateDeniedException"/>); the store then retires the stream and re-creates the watch
/// on a new one with a fresh token. Watches already open on a retired stream go on until they end.
/// </remarks>
internal sealed class EtcdWatchStream : IAsyncDisposable
{
    private readonly AsyncDuplexStreamingCall<WatchRequest, WatchResponse> _call;
    private readonly CancellationTokenSource _closed = new();
    private readonly Channel<WatchRequest> _outgoing = Channel.CreateUnbounded<WatchRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, Watch> _watches = new();
    private readonly Lock _createGate = new();
    private readonly List<Watch> _creating = [];
    private readonly Task _sending;
    private readonly Task _receiving;
    private long _lastId;
    private volatile Exception? _broken;
    private volatile bool _retired;

    public EtcdWatchStream(WatchClientFactory factory, string endpoint, int index, string? token)
    {
        Endpoint = endpoint;
        Index = index;
        Token = token;
        _call = factory(_closed.Token);
        _sending = SendAsync();
        _receiving = ReceiveAsync();
    }

    /// <summary>Opens the gRPC Watch call on a member.</summary>
    public delegate AsyncDuplexStreamingCall<WatchRequest, WatchResponse> WatchClientFactory(CancellationToken cancellationToken);

    public string Endpoint { get; }

    public int Index { get; }

    /// <summary>The auth token the stream was opened with (null without credentials): etcd checks every create against it.</summary>
    public string? Token { get; }

    /// <summary>True once the stream is retired or broken: new watches go on another stream.</summary>
    public bool IsRetired => _retired || IsBroken;

    /// <summary>True once the stream has failed or been closed: open new watches on another.</summary>
    public bool IsBroken => _broken is not null;

    /// <summary>How many watches are open on the stream.</summary>
    public int Count => _watches.Count;

    /// <summary>
    /// Takes no new watches (its token was refused, or a create got no reply in time); the watches already on it go on,
    /// and the store disposes it once they have all ended.
    /// </summary>
    public void Retire() => _retired = true;

    /// <summary>
    /// Asks etcd for a watch and waits for its "created" reply (bounded by <paramref name="attemptToken"/>); returns the
    /// watch and the revision it was created at. The watch stays open until disposed or the stream breaks.
    /// </summary>
    public async Task<(Watch Watch, long CreatedAt)> CreateAsync(WatchCreateRequest create, CancellationToken attemptToken)
    {
        var watch = new Watch(this, Interlocked.Increment(ref _lastId));
        create.WatchId = watch.Id;
        _watches[watch.Id] = watch;
        if (_broken is { } broken)
        {
            watch.Fail(broken);
        }
        else
        {
            // Queued and sent under one lock, so the queue's order is the order etcd answers the creates in.
            lock (_createGate)
            {
                _creating.Add(watch);
                if (!_outgoing.Writer.TryWrite(new WatchRequest { CreateRequest = create }))
                {
                    _creating.Remove(watch);
                    watch.Fail(new IOException($"the watch stream to {Endpoint} is closed."));
                }
            }
        }

        try
        {
            return (watch, await watch.Created.WaitAsync(attemptToken));
        }
        catch
        {
            watch.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Break(new ObjectDisposedException(nameof(EtcdWatchStream)));
        try
        {
            await Task.WhenAll(_sending, _receiving);
        }
        catch (Exception error) when (error is OperationCanceledException or RpcException or IOException or ObjectDisposedException)
        {
        }

        _call.Dispose();
        _closed.Dispose();
    }

    private void Remove(Watch watch)
    {
        // Cancel even a watch whose "created" reply has not come: etcd handles a stream's requests in order, so the
        // cancel follows the create (and a cancel for an unknown id is ignored).
        if (_watches.TryRemove(watch.Id, out _) && _broken is null)
        {
            _outgoing.Writer.TryWrite(new WatchRequest { CancelRequest = new WatchCancelRequest { WatchId = watch.Id } });
        }
    }

    private async Task SendAsync()
    {
        try
        {
            await foreach (var request in _outgoing.Reader.ReadAllAsync(_closed.Token))
            {
                await _call.RequestStream.WriteAsync(request, _closed.Token);
            }
        }
        catch (Exception error)
        {
            Break(error);
        }
    }

    private async Task ReceiveAsync()
    {
        try
        {
            while (await _call.ResponseStream.MoveNext(_closed.Token))
            {
                var response = _call.ResponseStream.Current;
                if (response.Created && TakeCreating(response.WatchId) is { } creating)
                {
                    creating.Deliver(response);
                }
                else if (_watches.TryGetValue(response.WatchId, out var watch))
                {
                    watch.Deliver(response);
                }
            }

            Break(new IOException($"etcd at {Endpoint} closed the watch stream."));
        }
        catch (Exception error)
        {
            Break(error);
        }
    }

    /// <summary>
    /// The pending create a "created" reply answers: the one with its id, or — for a reply whose id no pending create
    /// has (etcd 3.4 refuses a create with id -1) — the oldest, since etcd answers a stream's creates in order.
    /// </summary>
    private Watch? TakeCreating(long watchId)
    {
        lock (_createGate)
        {
            var index = _creating.FindIndex(w => w.Id == watchId);
            if (index < 0 && _creating.Count > 0)
            {
                index = 0;
            }

            if (index < 0)
            {
                return null;
            }

            var watch = _creating[index];
            _creating.RemoveAt(index);
            return watch;
        }
    }

    private void Break(Exception error)
    {
        if (Interlocked.CompareExchange(ref _broken, error, null) is not null)
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        foreach (var watch in _watches.Values)
        {
            watch.Fail(error);
        }

        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>One watch on the shared stream: its replies in order, ending with the stream's error if it breaks.</summary>
    internal sealed class Watch(EtcdWatchStream stream, long id) : IDisposable
    {
        private readonly TaskCompletionSource<long> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Channel<WatchResponse> _responses = Channel.CreateUnbounded<WatchResponse>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        public long Id { get; } = id;

        public Task<long> Created => _created.Task;

        /// <summary>The member the watch runs on, and its index in the store's ring.</summary>
        public string Endpoint => stream.Endpoint;

        public int Index => stream.Index;

        /// <summary>The replies after "created"; the reader ends with the stream's error when it breaks.</summary>
        public ChannelReader<WatchResponse> Responses => _responses.Reader;

        internal void Deliver(WatchResponse response)
        {
            if (response.Created && !_created.Task.IsCompleted)
            {
                if (response.Canceled && IsAuthRefusal(response.CancelReason))
                {
                    // Refused with the stream's token: the store decides whether the token or the role is at fault.
                    _responses.Writer.TryComplete();
                    _created.TrySetException(new WatchCreateDeniedException(stream.Endpoint, response.CancelReason!));
                    return;
                }

                if (response.Canceled)
                {
                    // Rejected at creation (a compacted start revision, an invalid range): the reply says why.
                    _responses.Writer.TryWrite(response);
                    _responses.Writer.TryComplete();
                }

                _created.TrySetResult(response.Header.Revision);
                return;
            }

            _responses.Writer.TryWrite(response);
            if (response.Canceled)
            {
                _responses.Writer.TryComplete();
            }
        }

        // etcd's refusals of a create for its token or the user's roles: "permission denied" (etcd 3.4 with a revoked
        // token, or a role without the key), or one of the token rejections a call gets (EtcdAuthSession).
        private static bool IsAuthRefusal(string? reason) =>
            reason is not null && (reason.Contains("permission denied", StringComparison.Ordinal) || EtcdAuthSession.NamesRejectedToken(reason));

        internal void Fail(Exception error)
        {
            _created.TrySetException(error);
            _responses.Writer.TryComplete(error);
        }

        public void Dispose()
        {
            _responses.Writer.TryComplete();
            stream.Remove(this);
        }
    }
}
