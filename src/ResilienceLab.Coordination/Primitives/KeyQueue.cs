using System.Runtime.CompilerServices;

namespace ResilienceLab.Coordination;

/// <summary>
/// The queue under etcd's Mutex and Election recipes: each contender owns <c>&lt;prefix&gt;/&lt;lease id hex&gt;</c>
/// bound to its session's lease; the key with the lowest create revision is at the head. Shared by
/// <see cref="DistributedLock"/> and <see cref="LeaderElection"/> so both interoperate with etcdctl.
/// </summary>
/// <remarks>
/// Round trips, as etcd's own Mutex: one txn queues the contender and reads the queue (so an uncontended acquire is
/// one round trip and a lock cycle two); a waiter watches its immediate predecessor "from now" and then re-reads it,
/// because etcd serves a watcher that starts at its current revision from the synced group at once, while one that
/// starts at a past revision waits for the unsynced group's catch-up, every 100 ms (measured: a hand-over 0.4 ms
/// against 36–100 ms; docs/benchmarks.md).
/// </remarks>
internal static class KeyQueue
{
    private static readonly TimeSpan UnavailableBackOff = TimeSpan.FromMilliseconds(50);

    /// <summary>The contender's key for a session, exactly as etcdctl lock / elect name it.</summary>
    public static string KeyFor(string prefix, long leaseId) => $"{prefix}/{leaseId:x}";

    /// <summary>
    /// Creates the contender's key if it is missing (or finds it if this session already queued) and reads the whole
    /// queue in the same txn. Idempotent, so an indeterminate outcome is retried.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<QueuePosition> EnqueueAsync(Session session, string prefix, string key, string value, CancellationToken cancellationToken)
    {
        var queue = new TxnOp.Get(session.QueueNames(prefix).Queue, Prefix: true);
        var request = new TxnRequest([Compare.Missing(key)], [new TxnOp.Put(key, value, session.LeaseId), queue], [new TxnOp.Get(key), queue]);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var result = await session.Store.TxnDirectAsync(request, cancellationToken).ConfigureAwait(false);
                var existing = result.Succeeded ? null : ((RangeResult)result.Responses[0]).Single;
                var createRevision = result.Succeeded ? result.Revision : existing?.CreateRevision ?? 0;
                if (createRevision == 0)
                {
                    throw new SessionExpiredException(session.LeaseId, $"queue key '{key}' vanished while being created");
                }

                return new QueuePosition(createRevision, result.Succeeded ? value : existing!.Value, ((RangeResult)result.Responses[1]).Kvs);
            }
            catch (IndeterminateOutcomeException)
            {
                // The create-if-missing txn is idempotent: ask again to learn whether it applied.
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(UnavailableBackOff, session.TimeProvider, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Queues the session's key and waits until it heads the queue (the lock held, the election won). Cancelled by the
    /// caller, it removes the key again and throws; when the session's lease goes meanwhile, it throws
    /// <see cref="SessionExpiredException"/> ("lost while queueing / waiting <paramref name="purpose"/>"). When
    /// <paramref name="deadline"/> fires first, it removes the key again and returns null.
    /// </summary>
    /// <remarks>
    /// The deadline is an answer, not an error: a bounded wait that runs out (a task worker's look at a held task, tens
    /// per simulated seed) returns through every frame below instead of unwinding a cancellation through each of them,
    /// which cost a stack walk and a trace per frame (docs/benchmarks.md, section 5).
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<QueuePosition?> WaitForHeadAsync(Session session, string prefix, string key, string value, string purpose, CancellationToken deadline, CancellationToken cancellationToken)
    {
        using var linked = deadline.CanBeCanceled
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lost, deadline)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, session.Lost);
        QueuePosition position;
        try
        {
            position = await EnqueueAsync(session, prefix, key, value, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && (session.Lost.IsCancellationRequested || deadline.IsCancellationRequested))
        {
            // The deadline came during the enqueue (the store slow or failing): whether the txn applied is unknown, and
            // the key is bound to the lease, as after a cancelled enqueue. The deadline answers first, as the caller's
            // own cancellation does: the session's loss shows at the caller's next call.
            if (deadline.IsCancellationRequested)
            {
                return null;
            }

            // The lease went while queueing: that is the session expiring, not the caller cancelling.
            throw session.Expired($"lost while queueing {purpose}");
        }

        if (position.IsHead)
        {
            return position;
        }

        var reached = false;
        try
        {
            reached = await WaitForPredecessorsAsync(session.Store, session.QueueNames(prefix).Queue, position, session.TimeProvider, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Stopped in the middle of a store call or a back-off rather than while watching: handled below alike.
        }

        if (reached)
        {
            return position;
        }

        await TryDequeueAsync(session.Store, key, position.CreateRevision).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (deadline.IsCancellationRequested)
        {
            return null;
        }

        throw session.Expired($"lost while waiting {purpose}");
    }

    /// <summary>The head of the queue (lowest create revision), or null when it is empty.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<KeyValue?> HeadAsync(IKeyValueStore store, string prefix, CancellationToken cancellationToken)
    {
        var all = await store.GetDirectAsync(prefix + "/", prefix: true, cancellationToken).ConfigureAwait(false);
        return all.Kvs.MinBy(kv => kv.CreateRevision);
    }

    /// <summary>
    /// Waits until every key queued before <paramref name="position"/> is deleted, watching only the immediate
    /// predecessor each time (no thundering herd when the head goes). The first look uses the queue read at enqueue.
    /// True when none is left; false when <paramref name="cancellationToken"/> stopped the wait (it may also throw
    /// <see cref="OperationCanceledException"/> when cancelled in the middle of a store call).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<bool> WaitForPredecessorsAsync(IKeyValueStore store, string queuePrefix, QueuePosition position, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var queue = position.Queue;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (queue is null)
            {
                try
                {
                    queue = (await store.GetDirectAsync(queuePrefix, prefix: true, cancellationToken).ConfigureAwait(false)).Kvs;
                }
                catch (StoreUnavailableException)
                {
                    await Task.Delay(UnavailableBackOff, timeProvider, cancellationToken);
                    continue;
                }
            }

            var predecessor = QueuePosition.PredecessorOf(queue, position.CreateRevision);
            queue = null;
            if (predecessor is null)
            {
                return true;
            }

            if (!await WaitGoneAsync(store, predecessor.Key, predecessor.CreateRevision, timeProvider, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns true once the incarnation of <paramref name="key"/> created at <paramref name="createRevision"/> is gone
    /// (deleted, expired with its lease, or already replaced), false when <paramref name="cancellationToken"/> stops the
    /// wait first (it may also throw <see cref="OperationCanceledException"/> when cancelled in the middle of a store
    /// call). Watches from now, then re-reads the key: a read made after the watch is confirmed cannot miss a delete that
    /// the watch misses.
    /// </summary>
    /// <remarks>
    /// etcd turns "from now" into "from the revision after my current one" before it registers the watcher; when another
    /// write lands in between, the watcher starts in the unsynced group and hears of the delete only at the next
    /// catch-up, up to 100 ms later (measured: 9 of 1,163 hand-overs with 8 contenders on one lock, 19–92 ms). So while
    /// the delete has not arrived the key is re-read a few times within that window (<see cref="RecheckDelays"/>): a
    /// wait that ends early costs no extra read, a long one a handful.
    /// A stopped wait returns rather than throws: a bounded lock wait or a released lock's loss signal ends here tens of
    /// times per simulated seed, and a throw per frame was the largest single cost of a seed (docs/benchmarks.md).
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<bool> WaitGoneAsync(IKeyValueStore store, string key, long createRevision, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watch = new DeleteWatch(timeProvider);
            var watching = watch.RunAsync(store, key, stop.Token);
            try
            {
                // A watch stopped by the caller ends without the delete; every wait on it then returns false at once.
                await watch.Confirmed;
                if (cancellationToken.IsCancellationRequested)
                {
                    return false;
                }

                if (await IsGoneAsync(store, key, createRevision, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                foreach (var delay in RecheckDelays)
                {
                    var woke = await watch.WaitAsync(delay).ConfigureAwait(false);
                    if (cancellationToken.IsCancellationRequested)
                    {
                        return false;
                    }

                    if (woke ?? await IsGoneAsync(store, key, createRevision, cancellationToken).ConfigureAwait(false))
                    {
                        return true;
                    }
                }

                if (await watch.WaitAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false) == true)
                {
                    return true;
                }

                // The stream ended without the delete (store closing, or the caller stopped the wait): look again.
            }
            catch (StoreUnavailableException)
            {
                await Task.Delay(UnavailableBackOff, timeProvider, cancellationToken);
            }
            finally
            {
                stop.Cancel();
                await ObserveAsync(watching).ConfigureAwait(false);
            }
        }

        return false;
    }

    /// <summary>How long to wait for the delete event before each re-read (at 10, 30, 70 and 120 ms, past etcd's 100 ms catch-up).</summary>
    private static readonly TimeSpan[] RecheckDelays = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40), TimeSpan.FromMilliseconds(50)];

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<bool> IsGoneAsync(IKeyValueStore store, string key, long createRevision, CancellationToken cancellationToken) =>
        (await store.GetDirectAsync(key, cancellationToken: cancellationToken).ConfigureAwait(false)).Single?.CreateRevision != createRevision;

    /// <summary>Awaits a watch that was stopped, so its end (normally the cancellation) is never unobserved.</summary>
    /// <remarks>
    /// Awaited without throwing, and the expected ends are dropped without a catch: a stopped watch ends every wait
    /// that the re-read settles, and each throw (a stack walk and its trace) was a visible share of a simulated seed's
    /// CPU (docs/benchmarks.md). The continuation still comes back to the caller's context, as a plain await's does.
    /// </remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask ObserveAsync(Task watch)
    {
        await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        if (watch.Exception?.InnerException is { } error and not (OperationCanceledException or StoreException or ObjectDisposedException))
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }
    }

    /// <summary>
    /// A watch for one key's delete that can be waited on with a timeout. Completion goes through
    /// TaskCompletionSources and a <see cref="TimeProvider"/> timer, never Task.WhenAny, so it stays on the
    /// simulation's loop (docs/simulation.md).
    /// </summary>
    private sealed class DeleteWatch(TimeProvider timeProvider)
    {
        private readonly Lock _gate = new();
        private readonly TaskCompletionSource _confirmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<bool?>? _wake;
        private bool _ended;
        private bool _deleted;
        private Exception? _error;

        /// <summary>Completes when the store has confirmed the watch; faults if it could not be created.</summary>
        public Task Confirmed => _confirmed.Task;

        public async Task RunAsync(IKeyValueStore store, string key, CancellationToken cancellationToken)
        {
            if (store is IDirectKeyValueStore direct)
            {
                // The simulated store waits for the delete itself, and a stopped wait ends as false rather than thrown.
                bool deleted;
                try
                {
                    deleted = await direct.WatchForDeleteAsync(key, _ => _confirmed.TrySetResult(), cancellationToken);
                }
                catch (Exception error)
                {
                    End(deleted: false, error);
                    throw;
                }

                End(deleted, error: null);
                return;
            }

            // Enumerated by hand rather than with await foreach: its dispose-then-rethrow would throw the stopped
            // stream's cancellation once more, here, after the store's own throws (docs/benchmarks.md). The stream has
            // ended (or thrown) before its dispose, so disposing after End changes nothing.
            var events = store.WatchAsync(key, prefix: false, startRevision: 0, created: _ => _confirmed.TrySetResult(), cancellationToken: cancellationToken).GetAsyncEnumerator(CancellationToken.None);
            try
            {
                try
                {
                    while (await events.MoveNextAsync())
                    {
                        if (events.Current.Type == WatchEventType.Delete)
                        {
                            End(deleted: true, error: null);
                            return;
                        }
                    }

                    End(deleted: false, error: null);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopped by its owner, who looks at its own token: the stream ended without the delete, no rethrow
                    // (see ObserveAsync and WaitGoneAsync).
                    End(deleted: false, error: null);
                }
                catch (Exception error)
                {
                    End(deleted: false, error);
                    throw;
                }
            }
            finally
            {
                await events.DisposeAsync();
            }
        }

        /// <summary>True when the delete arrived, false when the stream ended without it, null when <paramref name="timeout"/> passed first.</summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        public async ValueTask<bool?> WaitAsync(TimeSpan timeout)
        {
            var wake = new TaskCompletionSource<bool?>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_ended)
                {
                    return _error is null ? _deleted : throw _error;
                }

                _wake = wake;
            }

            using var timer = timeout == Timeout.InfiniteTimeSpan ? null : timeProvider.CreateTimer(static w => ((TaskCompletionSource<bool?>)w!).TrySetResult(null), wake, timeout, Timeout.InfiniteTimeSpan);
            try
            {
                return await wake.Task;
            }
            finally
            {
                lock (_gate)
                {
                    _wake = null;
                }
            }
        }

        private void End(bool deleted, Exception? error)
        {
            TaskCompletionSource<bool?>? wake;
            lock (_gate)
            {
                (_ended, _deleted, _error, wake) = (true, deleted, error, _wake);
            }

            if (error is null)
            {
                _confirmed.TrySetResult();
                wake?.TrySetResult(deleted);
            }
            else
            {
                _confirmed.TrySetException(error);
                wake?.TrySetException(error);
            }
        }
    }

    /// <summary>Deletes the contender's key if it is still ours (best effort cleanup after a cancelled wait).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask TryDequeueAsync(IKeyValueStore store, string key, long createRevision)
    {
        try
        {
            await store.TxnDirectAsync(new TxnRequest([Compare.CreateRevisionIs(key, CompareOperator.Equal, createRevision)], [new TxnOp.Delete(key)], [])).ConfigureAwait(false);
        }
        catch (StoreException)
        {
            // The key is bound to the lease; it goes when the session does.
        }
    }
}

/// <summary>A contender's place in a <see cref="KeyQueue"/>: its key's create revision and value, and the queue as read when it queued.</summary>
internal sealed record QueuePosition(long CreateRevision, string Value, IReadOnlyList<KeyValue> Queue)
{
    /// <summary>True when nobody queued before this contender at enqueue time.</summary>
    public bool IsHead => PredecessorOf(Queue, CreateRevision) is null;

    /// <summary>The key queued immediately before <paramref name="createRevision"/>, or null.</summary>
    /// <remarks>A loop rather than Where/MaxBy: every acquire asks, and the capturing filter made a closure, a delegate and two iterators.</remarks>
    public static KeyValue? PredecessorOf(IReadOnlyList<KeyValue> queue, long createRevision)
    {
        KeyValue? predecessor = null;
        for (var i = 0; i < queue.Count; i++)
        {
            var kv = queue[i];
            if (kv.CreateRevision < createRevision && (predecessor is null || kv.CreateRevision > predecessor.CreateRevision))
            {
                predecessor = kv;
            }
        }

        return predecessor;
    }
}
