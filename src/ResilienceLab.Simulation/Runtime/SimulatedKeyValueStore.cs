using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>
/// One client of a <see cref="SimulatedStore"/>, with the network between them. A request travels half the
/// latency, applies on the server, and the reply travels the other half. Fault hooks: <see cref="Partitioned"/>
/// (replies are lost and requests are lost or held until the heal, <see cref="SimulatedClientOptions.HeldRequestProbability"/>;
/// a request of a paused sender may likewise stall until it resumes, <see cref="Sender"/>;
/// the call fails at its deadline, a mutating one with an unknown outcome), <see cref="ExtraLatency"/>,
/// <see cref="DropNextReplies"/> / <see cref="DropReplyProbability"/> (the server applied the request but the
/// reply is lost: a mutating call ends in <see cref="IndeterminateOutcomeException"/>), <see cref="FailRequestProbability"/>
/// (the request fails before it leaves: unavailable at once).
/// </summary>
public sealed partial class SimulatedKeyValueStore : IKeyValueStore, IDirectKeyValueStore
{
    private readonly SimulatedStore _server;
    private readonly SimulatedClientOptions _options;
    private readonly TimeProvider _clientClock;
    private readonly DeterministicRandom _random;
    private readonly Lock _gate = new();

    // Finished exchanges of the frequent kinds, for the next calls (see the exchange's summary).
    private readonly ExchangePool<RangeCall> _rangeCalls = new();
    private readonly ExchangePool<PutCall> _putCalls = new();
    private readonly ExchangePool<TxnCall> _txnCalls = new();
    private readonly ExchangePool<KeepAliveCall> _keepAliveCalls = new();

    private TaskCompletionSource _healed = NewHealedSignal(completed: true);
    private List<Action> _held = [];
    private bool _partitioned;
    private bool _closed;

    internal SimulatedKeyValueStore(SimulatedStore server, string name, SimulatedClientOptions options, TimeProvider clientClock, DeterministicRandom random)
    {
        options.Validate();
        _server = server;
        _options = options;
        _clientClock = clientClock;
        _random = random;
        Name = name;
    }

    /// <summary>The client's name (a replica name).</summary>
    public string Name { get; }

    /// <summary>The server this client talks to.</summary>
    public SimulatedStore Server => _server;

    /// <summary>Cut this client off: requests and replies are lost, watches stall until healed.</summary>
    public bool Partitioned
    {
        get
        {
            lock (_gate)
            {
                return _partitioned;
            }
        }

        set
        {
            List<Action>? held = null;
            lock (_gate)
            {
                if (_partitioned == value)
                {
                    return;
                }

                _partitioned = value;
                if (value)
                {
                    _healed = NewHealedSignal(completed: false);
                }
                else
                {
                    _healed.TrySetResult();
                    (held, _held) = (_held, []);
                }
            }

            // The requests held in the cut go on their way, in the order they were sent.
            foreach (var deliver in held ?? [])
            {
                deliver();
            }
        }
    }

    /// <summary>Requests held in the partition now (sent into the cut, to be delivered when it heals).</summary>
    public int HeldRequests
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>
    /// The replica process that sends this client's requests, or null (the observer's client): a request it sent just before
    /// it was paused may still be in its send buffer, and then leaves only when it resumes (<see cref="SimulatedClientOptions.HeldRequestProbability"/>).
    /// </summary>
    public SimulatedProcess? Sender { get; set; }

    /// <summary>Latency added to every request's round trip.</summary>
    public TimeSpan ExtraLatency { get; set; }

    /// <summary>How far each request's <see cref="ExtraLatency"/> varies, uniformly either way (drawn from the client's seeded source).</summary>
    public TimeSpan ExtraLatencyJitter { get; set; }

    /// <summary>How many of the next replies to lose after the server applied the request.</summary>
    public int DropNextReplies { get; set; }

    /// <summary>Probability of losing any reply after the server applied the request.</summary>
    public double DropReplyProbability { get; set; }

    /// <summary>Probability that a request fails at once, before it is sent (<see cref="StoreUnavailableException"/>).</summary>
    public double FailRequestProbability { get; set; }

    /// <summary>Closes the client: later calls throw <see cref="ObjectDisposedException"/>, watches end.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _closed = true;
        }

        _closeWatches.Cancel();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Decides, by the seeded dice, whether a request that met the partition is held for the heal (true: <paramref name="deliver"/>
    /// runs when it heals) or lost.
    /// </summary>
    private bool TryHold(Action deliver)
    {
        lock (_gate)
        {
            if (!_partitioned || _options.HeldRequestProbability <= 0 || !_random.Chance(_options.HeldRequestProbability))
            {
                return false;
            }

            _held.Add(deliver);
            return true;
        }
    }

    /// <summary>
    /// Decides, by the seeded dice, whether a request whose sender is paused when it would reach the server had not left
    /// the sender yet (true: <paramref name="deliver"/> runs when the sender resumes, and never if it is killed) — as a
    /// SIGSTOPped process's unflushed send buffer leaves when it is continued — or was already on the wire.
    /// </summary>
    private bool TryStall(SendOrPostCallback deliver, object state)
    {
        if (Sender is not { Paused: true } sender || _options.HeldRequestProbability <= 0)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_random.Chance(_options.HeldRequestProbability))
            {
                return false;
            }
        }

        // The process holds it with its timers while paused (it runs on the network's context once resumed) and drops it when killed.
        sender.DeliverTimer(deliver, state);
        return true;
    }

    private static TaskCompletionSource NewHealedSignal(bool completed)
    {
        var tcs = new TaskCompletionSource();
        if (completed)
        {
            tcs.SetResult();
        }

        return tcs;
    }
}
