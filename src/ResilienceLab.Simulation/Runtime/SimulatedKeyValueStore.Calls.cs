using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>The <see cref="IKeyValueStore"/> calls, each sent through the simulated network.</summary>
public sealed partial class SimulatedKeyValueStore
{
    public Task<RangeResult> GetAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        CallAsync(RangeCall.For(this, key, prefix), cancellationToken);

    public Task<PutResult> PutAsync(string key, string value, long lease = 0, CancellationToken cancellationToken = default) =>
        CallAsync(PutCall.For(this, key, value, lease), cancellationToken);

    public Task<DeleteResult> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default) =>
        CallAsync(new DeleteCall(key, prefix), cancellationToken);

    public Task<TxnResult> TxnAsync(TxnRequest request, CancellationToken cancellationToken = default) =>
        CallAsync(TxnCall.For(this, request), cancellationToken);

    ValueTask<RangeResult> IDirectKeyValueStore.GetDirectAsync(string key, bool prefix, CancellationToken cancellationToken) =>
        Call(RangeCall.For(this, key, prefix), cancellationToken);

    ValueTask<TxnResult> IDirectKeyValueStore.TxnDirectAsync(TxnRequest request, CancellationToken cancellationToken) =>
        Call(TxnCall.For(this, request), cancellationToken);

    public Task<LeaseGrant> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default) =>
        CallAsync(new GrantCall(ttl), cancellationToken);

    public Task<TimeSpan> KeepAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync(KeepAliveCall.For(this, leaseId), cancellationToken);

    public Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync(new RevokeCall(leaseId), cancellationToken);

    public Task<LeaseTimeToLive> TimeToLiveAsync(long leaseId, CancellationToken cancellationToken = default) =>
        CallAsync(new TimeToLiveCall(leaseId), cancellationToken);

    /// <summary>How a lease call names its subject in errors.</summary>
    private static string LeaseKey(long leaseId) => $"lease {leaseId:x}";

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
    /// The exchange itself is the caller's promise (see <see cref="Exchange{T}"/>): no async method, no second promise; a
    /// task only for a caller through <see cref="IKeyValueStore"/>.
    /// </summary>
    private Task<T> CallAsync<T>(Exchange<T> exchange, CancellationToken cancellationToken) => Call(exchange, cancellationToken).AsTask();

    /// <summary>A call as the recipes await it (<see cref="IDirectKeyValueStore"/>): the exchange's reply, no task.</summary>
    private ValueTask<T> Call<T>(Exchange<T> exchange, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return ValueTask.FromException<T>(new ObjectDisposedException(GetType().FullName));
            }
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        if (FailRequestProbability > 0 && _random.Chance(FailRequestProbability))
        {
            return ValueTask.FromException<T>(new StoreUnavailableException($"{Name}: injected store fault: {exchange.Operation} on '{exchange.Key}' failed before it was sent."));
        }

        var started = _clientClock.GetTimestamp();

        // Whole milliseconds: Task.Delay with a TimeProvider rounds sub-millisecond delays down to zero.
        var roundTrip = TimeSpan.FromMilliseconds(Math.Ceiling(_random.Jitter(_options.Latency + ExtraLatency, _options.LatencyJitter + ExtraLatencyJitter).TotalMilliseconds / 2) * 2);
        exchange.Call(this, started, roundTrip / 2, cancellationToken);
        return exchange.Reply;
    }

    /// <summary>The error of a call that got no proper reply by its deadline.</summary>
    private StoreException NoReply(string operation, string key, bool mutating, Fate fate, bool applied)
    {
        // The client cannot tell a request lost in a partition (or held there, to be delivered later) from a lost reply:
        // a mutation it sent into the cut has an unknown outcome, as on etcd (a frozen member thaws and applies it). Only a
        // store that refused it (no quorum) is certain.
        var sent = fate is Fate.ReplyLost || applied || fate is Fate.InFlight or Fate.RequestLost;
        return mutating && sent
            ? new IndeterminateOutcomeException(operation, key, new TimeoutException($"{Name}: no reply within {_options.CallTimeout}."))
            : new StoreUnavailableException($"{Name}: {operation} on '{key}' got no reply within {_options.CallTimeout} (store unreachable).");
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
