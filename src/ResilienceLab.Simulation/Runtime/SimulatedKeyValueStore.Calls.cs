using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>The <see cref="IKeyValueStore"/> calls, each sent through the simulated network.</summary>
public sealed partial class SimulatedKeyValueStore
{
    public Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        CallAsync("range", key, mutating: false, new RangeCall(key, prefix), cancellationToken);

    public Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default) =>
        CallAsync("put", key, mutating: true, new PutCall(key, value, lease), cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        CallAsync("delete", key, mutating: true, new DeleteCall(key, prefix), cancellationToken);

    public Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default) =>
        CallAsync("txn", FirstKey(request), mutating: Writes(request.Success) || Writes(request.Failure), new TxnCall(request), cancellationToken);

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) =>
        CallAsync("lease-grant", "lease", mutating: true, new GrantCall(ttl), cancellationToken);

    public Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync("lease-keepalive", $"lease {leaseId:x}", mutating: false, new KeepAliveCall(leaseId), cancellationToken);

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync("lease-revoke", $"lease {leaseId:x}", mutating: true, new RevokeCall(leaseId), cancellationToken);

    public Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync("lease-ttl", $"lease {leaseId:x}", mutating: false, new TimeToLiveCall(leaseId), cancellationToken);

    // Loops rather than LINQ: these run on every txn of every simulated replica.
    private static string FirstKey(TxnRequest request) =>
        request.Compares.Count > 0 ? request.Compares[0].Key
        : request.Success.Count > 0 ? request.Success[0].Key
        : request.Failure.Count > 0 ? request.Failure[0].Key
        : string.Empty;

    private static bool Writes(IReadOnlyList<TxnOp> ops)
    {
        for (var i = 0; i < ops.Count; i++)
        {
            if (ops[i] is not TxnOp.Get)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Sends one request. The request applies half-way through the round trip; the client waits for the reply
    /// or its deadline, whichever comes first. A lost request fails as unavailable at the deadline; a lost reply
    /// (or a deadline that passes after the request may have applied) is indeterminate for a mutating call.
    /// </summary>
    private async Task<T> CallAsync<T>(string operation, string key, bool mutating, Exchange<T> exchange, CancellationToken cancellationToken)
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
        var roundTrip = TimeSpan.FromMilliseconds(Math.Ceiling(_random.Jitter(_options.Latency + ExtraLatency, _options.LatencyJitter + ExtraLatencyJitter).TotalMilliseconds / 2) * 2);

        // The race between the reply and the deadline is settled by one TaskCompletionSource that the flow or the
        // deadline timer completes, on the loop's thread. (Task.WhenAny / Task.Delay were avoided here: their
        // completion actions may be handed to the thread pool, which takes a simulation off its loop.)
        var settled = new TaskCompletionSource<bool>();
        using var deadline = _clientClock.CreateTimer(static s => ((TaskCompletionSource<bool>)s!).TrySetResult(false), settled, _options.CallTimeout, Timeout.InfiniteTimeSpan);
        using var cancellation = cancellationToken.Register(static s => ((TaskCompletionSource<bool>)s!).TrySetCanceled(), settled);
        exchange.Send(this, settled, roundTrip / 2);

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

        // The client cannot tell a request lost in a partition (or held there, to be delivered later) from a lost reply:
        // a mutation it sent into the cut has an unknown outcome, as on etcd (a frozen member thaws and applies it). Only a
        // store that refused it (no quorum) is certain.
        var sent = exchange.Fate is Fate.ReplyLost || exchange.Applied || exchange.Fate is Fate.InFlight or Fate.RequestLost;
        if (mutating && sent)
        {
            throw new IndeterminateOutcomeException(operation, key, new TimeoutException($"{Name}: no reply within {_options.CallTimeout}."));
        }

        throw new StoreUnavailableException($"{Name}: {operation} on '{key}' got no reply within {_options.CallTimeout} (store unreachable).");
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
}
