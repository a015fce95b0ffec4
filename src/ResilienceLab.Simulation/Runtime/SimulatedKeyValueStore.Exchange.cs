using System.Threading.Tasks.Sources;
using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>One request's trip through the simulated network: out, applied on the server, and back.</summary>
public sealed partial class SimulatedKeyValueStore
{
    private enum Fate
    {
        InFlight,
        RequestLost,
        Refused,
        ReplyLost,
        Replied,
    }

    /// <summary>
    /// A request in flight: it leaves the client, travels one way, applies on the server, and its reply travels one way
    /// back. The trip is driven by the exchange's own slot on the server's clock (<see cref="IScheduled"/>; a timer of that
    /// clock when it is not the simulation's) instead of an async method awaiting
    /// <c>Task.Delay</c> twice: each call of every replica made an async state machine, two delay promises, two timers
    /// and two continuations (a third of a seed's allocation). The order is the one those awaits gave, step for step:
    /// the timer is armed where the delay was, and when it fires the next leg runs at once if the network's context is
    /// current (as an await's continuation would inline) or is posted to it otherwise — so a seed replays the same history.
    /// <para>
    /// The exchange is also the caller's side of the call: the promise the caller awaits (its <see cref="Exchange{T}.Reply"/>) and the race
    /// between the reply, the deadline and the caller's cancellation. That race was an async method awaiting a second
    /// promise; it is now the same steps by hand, on the same timers and registrations, each resumption taken on the
    /// caller's context the way that await resumed (inline when it is current, posted otherwise).
    /// </para>
    /// <para>
    /// An exchange is used again by a later call of its client (<see cref="ExchangePool{TCall}"/>) once nothing can touch it:
    /// the caller has taken its reply, the trip has ended, no delivery of its deadline is still queued on the caller's
    /// process, and it needed none of the rare timers (whose callbacks cannot be recalled). One that never gets there (its
    /// sender was killed with the request in its buffer, the partition never healed) is left to the collector.
    /// </para>
    /// </summary>
    private abstract class Exchange<T> : IValueTaskSource<T>, IScheduled, IReusable
    {
        // The caller's promise: awaited directly by the recipes (IDirectKeyValueStore), or as a task through IKeyValueStore.
        private ManualResetValueTaskSourceCore<T> _promise;

        private static readonly TimerCallback Fired = static s => ((Exchange<T>)s!).OnFired();
        private static readonly SendOrPostCallback Continue = static s => ((Exchange<T>)s!).NextLeg();
        private static readonly SendOrPostCallback Unstalled = static s => ((Exchange<T>)s!).Redeliver();
        private static readonly TimerCallback DeadlinePassed = static s => ((Exchange<T>)s!).Settle(Waiting.DeadlinePassed);
        private static readonly Action<object?> CanceledWhileWaiting = static s => ((Exchange<T>)s!).Settle(Waiting.Canceled);
        private static readonly SendOrPostCallback Settled = static s => ((Exchange<T>)s!).OnSettled();
        private static readonly TimerCallback RestPassed = static s => ((Exchange<T>)s!).EndRest(Waiting.DeadlinePassed);
        private static readonly Action<object?> CanceledWhileResting = static s => ((Exchange<T>)s!).EndRest(Waiting.Canceled);
        private static readonly SendOrPostCallback Rested = static s => ((Exchange<T>)s!).Complete();
        private static readonly SendOrPostCallback DeadlineDelivered = static s => ((Exchange<T>)s!).OnDeadlineDelivered();

        // The exchange's slots on the simulation's clock (IScheduled): the leg under way, and the caller's deadline.
        private const int LegSlot = 0;
        private const int DeadlineSlot = 1;

        // Per call of every replica, so only what every trip needs is a field (issue 20): what a call is (operation, key,
        // mutating) is the subclass's to say when an error needs it, and what only a rare trip needs is in Rare.
        private SimulatedKeyValueStore? _client;
        private SynchronizationContext? _callerContext;
        private long _started;
        private CancellationToken _cancellationToken;
        private VirtualClock? _deadlineClock;
        private int _legIndex = -1;
        private int _deadlineIndex = -1;
        private CancellationTokenRegistration _cancellation;
        private Waiting _waiting;
        private TimeSpan _oneWay;
        private bool _arrived;
        private RareParts? _rare;

        // Recycling (see the summary): the caller took the reply; deliveries of the deadline still queued; given back already.
        private bool _taken;
        private int _queuedDeadlines;
        private int _recycled;

        /// <summary>The operation's name in errors and traces ("range", "txn", …).</summary>
        public abstract string Operation { get; }

        /// <summary>The key the call is about, for errors (a txn's first key, "lease …" for a lease call).</summary>
        public abstract string Key { get; }

        /// <summary>Whether the call may change the store: its outcome is unknown when no proper reply came.</summary>
        public abstract bool Mutating { get; }

        public Fate Fate { get; private set; }

        public bool Applied { get; private set; }

        public T? Result { get; private set; }

        public Exception? Error { get; private set; }

        /// <summary>The reply, awaited once (completed on the caller's context, see <see cref="OnCallerContext"/>).</summary>
        public ValueTask<T> Reply => new(this, _promise.Version);

        T IValueTaskSource<T>.GetResult(short token)
        {
            if (token != _promise.Version)
            {
                // An await of an earlier call that used this exchange: the core throws, and this call is untouched.
                return _promise.GetResult(token);
            }

            try
            {
                return _promise.GetResult(token);
            }
            finally
            {
                _taken = true;
                TryRecycle();
            }
        }

        ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _promise.GetStatus(token);

        void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _promise.OnCompleted(continuation, state, token, flags);

        private RareParts Rare => _rare ??= new RareParts();

        /// <summary>
        /// What only an unusual trip needs: timers of clocks that are not the simulation's own (a skewed caller, a store
        /// outside a loop), and the wait out the deadline after a trip that ended without a proper reply.
        /// </summary>
        private sealed class RareParts
        {
            public ITimer? Leg;
            public ITimer? Deadline;
            public ITimer? Rest;
            public CancellationTokenRegistration CancelRest;
        }

        /// <summary>Where the caller's side of the call stands.</summary>
        private enum Waiting
        {
            /// <summary>For the reply, the deadline or the caller's cancellation, whichever comes first.</summary>
            ForReply,
            Replied,
            DeadlinePassed,
            Canceled,

            /// <summary>Out the deadline, after the trip ended without a proper reply (the client cannot tell).</summary>
            OutTheDeadline,
        }

        /// <summary>
        /// Arms the caller's deadline, hears its cancellation, and sends the request. <see cref="Reply"/> completes with the
        /// reply, or fails at the deadline.
        /// </summary>
        public void Call(SimulatedKeyValueStore client, long started, TimeSpan oneWay, CancellationToken cancellationToken)
        {
            (_started, _cancellationToken, _callerContext) = (started, cancellationToken, SynchronizationContext.Current);
            if (SimulatedProcess.TryUnwrap(client._clientClock, out var world, out _))
            {
                // The caller's clock is the world's (a process's without skew): the deadline is this exchange's own slot
                // on it, armed where its timer would have been and delivered as the process's timer would have been.
                _deadlineClock = world;
                world.Arm(this, world.Now + Math.Max(0, client._options.CallTimeout.Ticks), DeadlineSlot);
            }
            else
            {
                Rare.Deadline = client._clientClock.CreateTimer(DeadlinePassed, this, client._options.CallTimeout, Timeout.InfiniteTimeSpan);
            }

            _cancellation = cancellationToken.Register(CanceledWhileWaiting, this);
            Send(client, oneWay);
        }

        /// <summary>Sends the request; the caller hears when the trip ends, unless its deadline came first.</summary>
        private void Send(SimulatedKeyValueStore client, TimeSpan oneWay)
        {
            (_client, _oneWay) = (client, oneWay);

            if (client.Partitioned && client.TryHold(Travel))
            {
                // Held in the cut: it leaves when the partition heals, long after its sender gave up on it.
                return;
            }

            if (client.Partitioned || client._server.Unavailable)
            {
                Finish(client.Partitioned ? Fate.RequestLost : Fate.Refused);
                return;
            }

            Travel();
        }

        /// <summary>The server's work: the store operation this request carries.</summary>
        protected abstract T Apply(SimulatedStore server);

        /// <summary>Travels one way, then runs the next leg (at once for a zero delay, as Task.Delay(0) completes at once).</summary>
        private void Travel()
        {
            // Task.Delay counts whole milliseconds; the trip keeps that rounding.
            var delay = TimeSpan.FromMilliseconds((long)_oneWay.TotalMilliseconds);
            if (delay <= TimeSpan.Zero)
            {
                NextLeg();
                return;
            }

            // On the simulation's clock the exchange itself is the leg's event (a leg is never cancelled: nothing to
            // dispose), which is what a timer armed here would have been, in the same place among the clock's timers.
            var clock = _client!._server.TimeProvider;
            if (clock is VirtualClock wire)
            {
                wire.Arm(this, wire.Now + delay.Ticks, LegSlot);
            }
            else if (Rare.Leg is null)
            {
                Rare.Leg = clock.CreateTimer(Fired, this, delay, Timeout.InfiniteTimeSpan);
            }
            else
            {
                Rare.Leg.Change(delay, Timeout.InfiniteTimeSpan);
            }
        }

        int IScheduled.HeapIndex(int slot) => slot == LegSlot ? _legIndex : _deadlineIndex;

        void IScheduled.SetHeapIndex(int slot, int index)
        {
            if (slot == LegSlot)
            {
                _legIndex = index;
            }
            else
            {
                _deadlineIndex = index;
            }
        }

        void IScheduled.Fire(int slot)
        {
            if (slot == LegSlot)
            {
                OnFired();
            }
            else if (SimulatedProcess.TryUnwrap(_client!._clientClock, out _, out var owner) && owner is not null)
            {
                Interlocked.Increment(ref _queuedDeadlines);
                owner.DeliverTimer(DeadlineDelivered, this);
            }
            else
            {
                Settle(Waiting.DeadlinePassed);
            }
        }

        private void OnFired()
        {
            // In flight, a request belongs to the network (the loop's root context), not to its sender: it still
            // applies when the sender is paused or killed. Outside a loop it continues on the caller's context.
            var context = _client!._server.NetworkContext ?? _callerContext;
            if (context is null || context == SynchronizationContext.Current)
            {
                NextLeg();
            }
            else
            {
                context.Post(Continue, this);
            }
        }

        private void NextLeg()
        {
            if (!_arrived)
            {
                _arrived = true;
                Arrive();
            }
            else
            {
                _rare?.Leg?.Dispose();
                Finish(_client!.Partitioned || _client.ShouldDropReply() ? Fate.ReplyLost : Fate.Replied);
            }
        }

        private void Arrive()
        {
            var client = _client!;
            if (client.TryStall(Unstalled, this))
            {
                // Still in its paused sender's buffer: it leaves when the sender resumes (and never, if it is killed).
                return;
            }

            if (client.Partitioned && client.TryHold(Redeliver))
            {
                // Caught on the wire by the cut: it arrives when the partition heals.
                return;
            }

            if (client.Partitioned || client._server.Unavailable)
            {
                _rare?.Leg?.Dispose();
                Finish(client.Partitioned ? Fate.RequestLost : Fate.Refused);
                return;
            }

            try
            {
                Result = Apply(client._server);
            }
            catch (Exception e) when (e is StoreException or ArgumentException)
            {
                // The server's answer is an error (missing lease, invalid txn): it travels back like any reply.
                Error = e;
            }

            Applied = true;
            Travel();
        }

        /// <summary>A held (or stalled) request: it arrives one leg after the heal (or the sender's resume).</summary>
        private void Redeliver()
        {
            _arrived = false;
            Travel();
        }

        /// <summary>Records how the exchange ended and tells the waiting caller (unless its deadline came first).</summary>
        private void Finish(Fate fate)
        {
            Fate = fate;
            if (_waiting == Waiting.ForReply)
            {
                Settle(Waiting.Replied);
            }
            else
            {
                // The caller gave up on it earlier: the end of the trip may be the last thing that held the exchange.
                TryRecycle();
            }
        }

        /// <summary>The deadline, delivered on the caller's process (it was queued there while the process ran, or held while paused).</summary>
        private void OnDeadlineDelivered()
        {
            Interlocked.Decrement(ref _queuedDeadlines);
            if (_waiting == Waiting.ForReply)
            {
                Settle(Waiting.DeadlinePassed);
            }
            else
            {
                // The reply won the race: this stale delivery may have been the last thing that held the exchange.
                TryRecycle();
            }
        }

        /// <summary>Gives the exchange back to its client's pool once nothing can touch it any more (see the summary).</summary>
        private void TryRecycle()
        {
            if (!_taken || Fate == Fate.InFlight || Volatile.Read(ref _queuedDeadlines) != 0 || _rare is not null
                || Interlocked.Exchange(ref _recycled, 1) != 0)
            {
                return;
            }

            var client = _client!;
            _promise.Reset();
            (_client, _callerContext, _started, _cancellationToken, _deadlineClock) = (null, null, 0, default, null);
            (_legIndex, _deadlineIndex, _cancellation, _waiting, _oneWay, _arrived) = (-1, -1, default, Waiting.ForReply, default, false);
            (Fate, Applied, Result, Error, _taken) = (Fate.InFlight, false, default, null, false);
            Recycle(client);
        }

        /// <summary>
        /// Lets go of what the call was about and gives the exchange to <paramref name="client"/>'s pool of its kind; a
        /// rare kind (delete, lease grant, revoke and time-to-live) has no pool and leaves it to the collector.
        /// </summary>
        protected virtual void Recycle(SimulatedKeyValueStore client)
        {
        }

        /// <inheritdoc />
        void IReusable.Reuse() => _recycled = 0;

        /// <summary>The first of the reply, the deadline and the cancellation ends the wait; the caller resumes on its context.</summary>
        private void Settle(Waiting how)
        {
            if (_waiting != Waiting.ForReply)
            {
                return;
            }

            _waiting = how;
            OnCallerContext(Settled);
        }

        private void OnSettled()
        {
            if (_waiting != Waiting.Replied || Fate == Fate.Replied)
            {
                Complete();
                return;
            }

            // The trip ended without a proper reply. The client cannot tell a lost message from a slow one: it waits out its deadline.
            _waiting = Waiting.OutTheDeadline;
            var clock = _client!._clientClock;
            Rare.Rest = clock.CreateTimer(RestPassed, this, _client._options.CallTimeout - clock.GetElapsedTime(_started), Timeout.InfiniteTimeSpan);
            Rare.CancelRest = _cancellationToken.Register(CanceledWhileResting, this);
        }

        private void EndRest(Waiting how)
        {
            if (_waiting != Waiting.OutTheDeadline)
            {
                return;
            }

            _waiting = how;
            OnCallerContext(Rested);
        }

        /// <summary>Resumes the caller's side as an await would: at once when its context is current, posted to it otherwise.</summary>
        private void OnCallerContext(SendOrPostCallback step)
        {
            var context = _callerContext;
            if (context is null || context == SynchronizationContext.Current)
            {
                step(this);
            }
            else
            {
                context.Post(step, this);
            }
        }

        /// <summary>Lets go of the deadline and the registrations, then completes the caller's promise.</summary>
        private void Complete()
        {
            if (_rare is { } rare)
            {
                rare.CancelRest.Dispose();
                rare.Rest?.Dispose();
                rare.Deadline?.Dispose();
            }

            _cancellation.Dispose();
            _deadlineClock?.Disarm(this, DeadlineSlot);
            switch (_waiting)
            {
                case Waiting.Canceled:
                    _promise.SetException(new TaskCanceledException());
                    break;
                case Waiting.Replied:
                    // (Only a proper reply completes from here: any other end of the trip went on to wait out the deadline.)
                    if (Error is null)
                    {
                        _promise.SetResult(Result!);
                    }
                    else
                    {
                        _promise.SetException(Error);
                    }

                    break;
                default:
                    _promise.SetException(_client!.NoReply(Operation, Key, Mutating, Fate, Applied));
                    break;
            }
        }
    }

    /// <summary>
    /// A client's finished exchanges of one kind, taken again by its next calls: one object per call of every replica was
    /// a tenth of a seed's allocation (issue 20). Locked, since a store outside a loop may be called from several threads.
    /// </summary>
    private sealed class ExchangePool<TCall>
        where TCall : class, IReusable, new()
    {
        // Enough for every call a client has in flight at once; beyond it a finished exchange is left to the collector.
        private const int Capacity = 32;

        private readonly Lock _gate = new();
        private readonly Stack<TCall> _free = new();

        public TCall Take()
        {
            lock (_gate)
            {
                if (!_free.TryPop(out var call))
                {
                    return new TCall();
                }

                call.Reuse();
                return call;
            }
        }

        public void Return(TCall call)
        {
            lock (_gate)
            {
                if (_free.Count < Capacity)
                {
                    _free.Push(call);
                }
            }
        }
    }

    /// <summary>An exchange a pool gives out again (<see cref="ExchangePool{TCall}"/>).</summary>
    private interface IReusable
    {
        /// <summary>Readies a recycled exchange for its next call (its recycling cleared the rest).</summary>
        void Reuse();
    }

    private sealed class RangeCall : Exchange<RangeResult>
    {
        private string _key = string.Empty;
        private bool _prefix;

        public override string Operation => "range";

        public override string Key => _key;

        public override bool Mutating => false;

        public static RangeCall For(SimulatedKeyValueStore client, string key, bool prefix)
        {
            var call = client._rangeCalls.Take();
            (call._key, call._prefix) = (key, prefix);
            return call;
        }

        protected override RangeResult Apply(SimulatedStore server) => server.Range(_key, _prefix);

        protected override void Recycle(SimulatedKeyValueStore client)
        {
            _key = string.Empty;
            client._rangeCalls.Return(this);
        }
    }

    private sealed class PutCall : Exchange<PutResult>
    {
        private string _key = string.Empty;
        private string _value = string.Empty;
        private long _lease;

        public override string Operation => "put";

        public override string Key => _key;

        public override bool Mutating => true;

        public static PutCall For(SimulatedKeyValueStore client, string key, string value, long lease)
        {
            var call = client._putCalls.Take();
            (call._key, call._value, call._lease) = (key, value, lease);
            return call;
        }

        protected override PutResult Apply(SimulatedStore server) => server.Put(_key, _value, _lease);

        protected override void Recycle(SimulatedKeyValueStore client)
        {
            (_key, _value) = (string.Empty, string.Empty);
            client._putCalls.Return(this);
        }
    }

    private sealed class DeleteCall(string key, bool prefix) : Exchange<DeleteResult>
    {
        public override string Operation => "delete";

        public override string Key => key;

        public override bool Mutating => true;

        protected override DeleteResult Apply(SimulatedStore server) => server.Delete(key, prefix);
    }

    private sealed class TxnCall : Exchange<TxnResult>
    {
        private TxnRequest? _request;

        public override string Operation => "txn";

        public override string Key => FirstKey(_request!);

        public override bool Mutating => Writes(_request!.Success) || Writes(_request.Failure);

        public static TxnCall For(SimulatedKeyValueStore client, TxnRequest request)
        {
            var call = client._txnCalls.Take();
            call._request = request;
            return call;
        }

        protected override TxnResult Apply(SimulatedStore server) => server.Txn(_request!);

        protected override void Recycle(SimulatedKeyValueStore client)
        {
            _request = null;
            client._txnCalls.Return(this);
        }
    }

    private sealed class GrantCall(TimeSpan ttl) : Exchange<LeaseGrant>
    {
        public override string Operation => "lease-grant";

        public override string Key => "lease";

        public override bool Mutating => true;

        protected override LeaseGrant Apply(SimulatedStore server) => server.Grant(ttl);
    }

    private sealed class KeepAliveCall : Exchange<TimeSpan>
    {
        private long _leaseId;

        public override string Operation => "lease-keepalive";

        public override string Key => LeaseKey(_leaseId);

        public override bool Mutating => false;

        public static KeepAliveCall For(SimulatedKeyValueStore client, long leaseId)
        {
            var call = client._keepAliveCalls.Take();
            call._leaseId = leaseId;
            return call;
        }

        protected override TimeSpan Apply(SimulatedStore server) => server.KeepAlive(_leaseId);

        protected override void Recycle(SimulatedKeyValueStore client) => client._keepAliveCalls.Return(this);
    }

    private sealed class RevokeCall(long leaseId) : Exchange<bool>
    {
        public override string Operation => "lease-revoke";

        public override string Key => LeaseKey(leaseId);

        public override bool Mutating => true;

        protected override bool Apply(SimulatedStore server)
        {
            server.Revoke(leaseId);
            return true;
        }
    }

    private sealed class TimeToLiveCall(long leaseId) : Exchange<LeaseTimeToLive>
    {
        public override string Operation => "lease-ttl";

        public override string Key => LeaseKey(leaseId);

        public override bool Mutating => false;

        protected override LeaseTimeToLive Apply(SimulatedStore server) => server.TimeToLive(leaseId);
    }
}
