using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>The <see cref="IKeyValueStore"/> calls, each sent through the simulated network.</summary>
public sealed partial class SimulatedKeyValueStore
{
    public Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        CallAsync("range", key, mutating: false, () => _server.Range(key, prefix), cancellationToken);

    public Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default) =>
        CallAsync("put", key, mutating: true, () => _server.Put(key, value, lease), cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        CallAsync("delete", key, mutating: true, () => _server.Delete(key, prefix), cancellationToken);

    public Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("txn", FirstKey(request), mutating: request.Success.Concat(request.Failure).Any(op => op is not TxnOp.Get), () => _server.Txn(request), cancellationToken);

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) =>
        CallAsync("lease-grant", "lease", mutating: true, () => _server.Grant(ttl), cancellationToken);

    public Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync("lease-keepalive", $"lease {leaseId:x}", mutating: false, () => _server.KeepAlive(leaseId), cancellationToken);

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync("lease-revoke", $"lease {leaseId:x}", mutating: true, () => { _server.Revoke(leaseId); return true; }, cancellationToken);

    public Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync("lease-ttl", $"lease {leaseId:x}", mutating: false, () => _server.TimeToLive(leaseId), cancellationToken);

    private static string FirstKey(TxnRequest request) =>
        request.Compares.Select(c => c.Key).Concat(request.Success.Select(o => o.Key)).Concat(request.Failure.Select(o => o.Key)).FirstOrDefault() ?? string.Empty;

    /// <summary>
    /// Sends one request. The request applies half-way through the round trip; the client waits for the reply
    /// or its deadline, whichever comes first. A lost request fails as unavailable at the deadline; a lost reply
    /// (or a deadline that passes after the request may have applied) is indeterminate for a mutating call.
    /// </summary>
    private async Task<T> CallAsync<T>(string operation, string key, bool mutating, Func<T> apply, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (FailRequestProbability > 0 && _random.Chance(FailRequestProbability))
        {
            throw new StoreUnavailableException($"{Name}: injected store fault: {operation} on '{key}' failed before it was sent.");
        }

        var started = _clientClock.GetTimestamp();

        // Whole milliseconds: Task.Delay with a TimeProvider rounds sub-millisecond delays down to zero.
        var roundTrip = TimeSpan.FromMilliseconds(Math.Ceiling(_random.Jitter(_options.Latency + ExtraLatency, _options.LatencyJitter).TotalMilliseconds / 2) * 2);
        var exchange = new Exchange<T>();

        // The race between the reply and the deadline is settled by one TaskCompletionSource that the flow or the
        // deadline timer completes, on the loop's thread. (Task.WhenAny / Task.Delay were avoided here: their
        // completion actions may be handed to the thread pool, which takes a simulation off its loop.)
        var settled = new TaskCompletionSource<bool>();
        using var deadline = _clientClock.CreateTimer(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(false), settled, _options.CallTimeout, Timeout.InfiniteTimeSpan);
        using var cancellation = cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), settled);
        exchange.Settled = settled;
        if (_server.NetworkContext is { } network)
        {
            _ = SimulationLoop.Start(network, () => FlowAsync(exchange, apply, roundTrip / 2));
        }
        else
        {
            _ = FlowAsync(exchange, apply, roundTrip / 2);
        }

        var replied = await settled.Task;
        if (replied && exchange.Fate == Fate.Replied)
        {
            return exchange.Error is null ? exchange.Result! : throw exchange.Error;
        }

        if (replied)
        {
            // The client cannot tell a lost message from a slow one: it waits out its deadline.
            var expired = new TaskCompletionSource<bool>();
            using var rest = _clientClock.CreateTimer(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(true), expired, _options.CallTimeout - _clientClock.GetElapsedTime(started), Timeout.InfiniteTimeSpan);
            using var cancelRest = cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), expired);
            await expired.Task;
        }

        var sent = exchange.Fate is Fate.ReplyLost || exchange.Applied;
        if (mutating && (sent || exchange.Fate == Fate.InFlight))
        {
            throw new IndeterminateOutcomeException(operation, key, new TimeoutException($"{Name}: no reply within {_options.CallTimeout}."));
        }

        throw new StoreUnavailableException($"{Name}: {operation} on '{key}' got no reply within {_options.CallTimeout} (store unreachable).");
    }

    private async Task FlowAsync<T>(Exchange<T> exchange, Func<T> apply, TimeSpan oneWay)
    {
        if (Partitioned || _server.Unavailable)
        {
            exchange.Finish(Fate.RequestLost);
            return;
        }

        await Task.Delay(oneWay, _server.TimeProvider);
        if (Partitioned || _server.Unavailable)
        {
            exchange.Finish(Fate.RequestLost);
            return;
        }

        try
        {
            exchange.Result = apply();
        }
        catch (Exception e) when (e is StoreException or ArgumentException)
        {
            // The server's answer is an error (missing lease, invalid txn): it travels back like any reply.
            exchange.Error = e;
        }

        exchange.Applied = true;
        await Task.Delay(oneWay, _server.TimeProvider);
        exchange.Finish(Partitioned || ShouldDropReply() ? Fate.ReplyLost : Fate.Replied);
    }

    private bool ShouldDropReply()
    {
        lock (_gate)
        {
            if (DropNextReplies > 0)
            {
                DropNextReplies--;
                return true;
            }
        }

        return DropReplyProbability > 0 && _random.Chance(DropReplyProbability);
    }

    private enum Fate
    {
        InFlight,
        RequestLost,
        ReplyLost,
        Replied,
    }

    private sealed class Exchange<T>
    {
        public Fate Fate { get; set; }

        public bool Applied { get; set; }

        public T? Result { get; set; }

        public Exception? Error { get; set; }

        public TaskCompletionSource<bool>? Settled { get; set; }

        /// <summary>Records how the exchange ended and tells the waiting caller (unless its deadline came first).</summary>
        public void Finish(Fate fate)
        {
            Fate = fate;
            Settled?.TrySetResult(true);
        }
    }
}
