using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>
/// The live feed of one simulated watch: the store writes its events, one reader on the simulation loop waits for and
/// reads them. It behaves as an unbounded single-reader channel does (a write completes a waiting reader at once, by a
/// post to the reader's context; completion wakes it with false once the events are read), except that a cancelled wait
/// completes on the canceller's thread and nothing more: a channel hands its clean-up of a cancelled wait to the thread
/// pool, which woke a pool thread about 85 times per seed of the smoke plan, each spinning for work beside the seeds.
/// </summary>
internal sealed class WatchStream
{
    private static readonly Task<bool> HasItems = Task.FromResult(true);
    private static readonly Task<bool> Finished = Task.FromResult(false);

    private readonly Lock _gate = new();
    private readonly Queue<WatchEvent> _items = new();
    private Waiter? _waiter;
    private bool _completed;

    /// <summary>Queues <paramref name="watchEvent"/> and wakes a waiting reader; false once <see cref="Complete"/> was called.</summary>
    public bool TryWrite(WatchEvent watchEvent)
    {
        Waiter? waiter;
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }

            _items.Enqueue(watchEvent);
            waiter = TakeWaiter();
        }

        waiter?.Complete(true);
        return true;
    }

    /// <summary>No more writes: a waiting reader wakes with false (after any queued events have been read).</summary>
    public void Complete()
    {
        Waiter? waiter;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            waiter = TakeWaiter();
        }

        waiter?.Complete(false);
    }

    /// <summary>Takes the next queued event.</summary>
    public bool TryRead(out WatchEvent watchEvent)
    {
        lock (_gate)
        {
            return _items.TryDequeue(out watchEvent!);
        }
    }

    /// <summary>
    /// True when an event can be read, false when the stream is complete and empty; waits for either. Cancelled through
    /// <paramref name="cancellationToken"/>, the wait ends as cancelled.
    /// </summary>
    public Task<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<bool>(cancellationToken);
        }

        Waiter waiter;
        Waiter? replaced;
        lock (_gate)
        {
            if (_items.Count > 0)
            {
                return HasItems;
            }

            if (_completed)
            {
                return Finished;
            }

            replaced = _waiter;
            waiter = new Waiter(this);
            _waiter = waiter;
        }

        // One reader: a wait that replaces an earlier one ends it, as a channel does (outside the lock: ending it waits
        // for its cancellation callback, which takes the lock).
        replaced?.Cancel();
        waiter.Watch(cancellationToken);
        return waiter.Task;
    }

    private Waiter? TakeWaiter()
    {
        var waiter = _waiter;
        _waiter = null;
        return waiter;
    }

    private sealed class Waiter(WatchStream stream)
    {
        private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private CancellationTokenRegistration _registration;

        public Task<bool> Task => _completion.Task;

        public void Watch(CancellationToken cancellationToken)
        {
            if (cancellationToken.CanBeCanceled)
            {
                _registration = cancellationToken.UnsafeRegister(static (state, token) => ((Waiter)state!).OnCancelled(token), this);
            }
        }

        public void Complete(bool result)
        {
            _registration.Dispose();
            _completion.TrySetResult(result);
        }

        /// <summary>Ends the wait as cancelled: a later wait replaced it.</summary>
        public void Cancel()
        {
            _registration.Dispose();
            _completion.TrySetCanceled();
        }

        private void OnCancelled(CancellationToken token)
        {
            lock (stream._gate)
            {
                if (stream._waiter != this)
                {
                    return;
                }

                stream._waiter = null;
            }

            _completion.TrySetCanceled(token);
        }
    }
}
