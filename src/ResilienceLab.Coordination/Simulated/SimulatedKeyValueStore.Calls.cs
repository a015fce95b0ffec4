namespace ResilienceLab.Coordination.Simulated;

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
        // Whole milliseconds: Task.Delay with a TimeProvider rounds sub-millisecond delays down to zero.
        var roundTrip = TimeSpan.FromMilliseconds(Math.Ceiling(_random.Jitter(_options.Latency + ExtraLatency, _options.LatencyJitter).TotalMilliseconds / 2) * 2);
        var exchange = new Exchange<T>();
        var flow = _server.NetworkContext is { } network
            ? SimulationLoop.Start(network, () => FlowAsync(exchange, apply, roundTrip / 2))
            : FlowAsync(exchange, apply, roundTrip / 2);

        using var deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = Task.Delay(_options.CallTimeout, _clientClock, deadlineCts.Token);
        var first = await Task.WhenAny(flow, deadline);
        cancellationToken.ThrowIfCancellationRequested();

        if (first == flow && exchange.Fate == Fate.Replied)
        {
            deadlineCts.Cancel();
            return exchange.Error is null ? exchange.Result! : throw exchange.Error;
        }

        if (first == flow)
        {
            // The client cannot tell a lost message from a slow one: it waits out its deadline.
            await deadline;
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
            exchange.Fate = Fate.RequestLost;
            return;
        }

        await Task.Delay(oneWay, _server.TimeProvider);
        if (Partitioned || _server.Unavailable)
        {
            exchange.Fate = Fate.RequestLost;
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
        if (Partitioned || ShouldDropReply())
        {
            exchange.Fate = Fate.ReplyLost;
            return;
        }

        exchange.Fate = Fate.Replied;
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
    }
}
