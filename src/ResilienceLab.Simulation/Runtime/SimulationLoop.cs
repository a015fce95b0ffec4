namespace ResilienceLab.Simulation;

/// <summary>
/// Runs a whole simulation on one thread in virtual time: every continuation is posted to this loop's queue
/// (code awaits tasks without ConfigureAwait(false), so it comes back here; the coordination library's pooled value-task
/// cores, which complete on their caller's context, resume inline, see docs/simulation.md), and when the queue is empty the
/// clock jumps to the next due timer. Given the same seed and the same code, the order of every step is the same.
/// </summary>
public sealed class SimulationLoop
{
    private readonly Lock _gate = new();
    private readonly Queue<WorkItem> _work = new();
    private readonly ManualResetEventSlim _posted = new(false);
    private readonly List<SimulatedProcess> _processes = [];

    public SimulationLoop(VirtualClock? clock = null)
    {
        Clock = clock ?? new VirtualClock();
        RootContext = new LoopContext(this, null);
    }

    /// <summary>The virtual clock.</summary>
    public VirtualClock Clock { get; }

    /// <summary>The context of code that belongs to no simulated process (the network, the chaos controller, tests).</summary>
    public SynchronizationContext RootContext { get; }

    private int _loopThread = -1;
    private long _foreignPosts;

    /// <summary>
    /// Continuations that arrived from another thread while the loop ran (something hopped to the thread pool).
    /// Each one is a potential source of non-determinism; determinism tests assert it stays 0.
    /// </summary>
    public long ForeignPosts => Interlocked.Read(ref _foreignPosts);

    /// <summary>Where the first foreign post came from (a stack trace), to find what left the loop.</summary>
    public string? FirstForeignPost { get; private set; }

    /// <summary>How many work items ran so far (a measure of simulation cost).</summary>
    public long Steps { get; private set; }

    /// <summary>The processes created so far.</summary>
    public IReadOnlyList<SimulatedProcess> Processes => _processes;

    /// <summary>
    /// Creates a simulated process with its own clock view (skew, rate) that can be paused and killed. With
    /// <paramref name="clockFaults"/> its clock has a layer a clock fault can be set on while the run goes on
    /// (<see cref="SimulatedProcess.FaultClock"/>); without, every timer of the process is one layer cheaper.
    /// </summary>
    public SimulatedProcess CreateProcess(string name, TimeSpan skew = default, double rate = 1.0, bool clockFaults = true)
    {
        var process = new SimulatedProcess(this, name, skew, rate, clockFaults);
        _processes.Add(process);
        return process;
    }

    /// <summary>Runs <paramref name="entry"/> on the root context until it completes; throws if the simulation stalls or passes <paramref name="timeLimit"/>.</summary>
    public T Run<T>(Func<Task<T>> entry, TimeSpan? timeLimit = null)
    {
        Task<T>? task = null;
        OnLoopThread(() =>
        {
            task = Start(RootContext, entry);
            Drive(task, timeLimit);
        });
        return task!.GetAwaiter().GetResult();
    }

    /// <summary>Runs <paramref name="entry"/> on the root context until it completes.</summary>
    public void Run(Func<Task> entry, TimeSpan? timeLimit = null)
    {
        Task? task = null;
        OnLoopThread(() =>
        {
            task = Start(RootContext, entry);
            Drive(task, timeLimit);
        });
        task!.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Drives the loop on a dedicated thread with a large stack. The runtime completes a task's continuations inline
    /// only while enough stack is left (RuntimeHelpers.TryEnsureSufficientExecutionStack); otherwise it hands them to
    /// the thread pool, which would take the run off its loop. A roomy stack keeps every continuation here.
    /// </summary>
    private static void OnLoopThread(Action drive)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                drive();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, LoopThreadStackSize)
        {
            IsBackground = true,
            Name = "simulation-loop",
        };
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }

    private const int LoopThreadStackSize = 64 * 1024 * 1024;

    /// <summary>Runs whatever is scheduled until virtual time reaches now + <paramref name="duration"/>.</summary>
    public void RunFor(TimeSpan duration) => Drive(null, duration);

    /// <summary>Invokes <paramref name="start"/> synchronously with <paramref name="context"/> current, so its awaits come back to that context.</summary>
    public static TTask Start<TTask>(SynchronizationContext context, Func<TTask> start)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            return start();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    internal void Enqueue(SynchronizationContext context, SendOrPostCallback callback, object? state)
    {
        var loopThread = Volatile.Read(ref _loopThread);
        if (loopThread != -1 && loopThread != Environment.CurrentManagedThreadId)
        {
            if (Interlocked.Increment(ref _foreignPosts) == 1)
            {
                FirstForeignPost = Environment.StackTrace;
            }
        }

        lock (_gate)
        {
            _work.Enqueue(new WorkItem(context, callback, state));
        }

        _posted.Set();
    }

    private void Drive(Task? until, TimeSpan? timeLimit)
    {
        var limit = timeLimit is { } l ? Clock.Now + l.Ticks : long.MaxValue;
        var previous = SynchronizationContext.Current;
        Volatile.Write(ref _loopThread, Environment.CurrentManagedThreadId);
        try
        {
            while (true)
            {
                DrainWork();
                if (until is { IsCompleted: true })
                {
                    return;
                }

                var next = Clock.NextDue();
                if (next is null)
                {
                    // Nothing is scheduled: give a straggler from another thread a moment, then call it a stall.
                    if (_posted.Wait(TimeSpan.FromMilliseconds(200)) || HasWork())
                    {
                        continue;
                    }

                    if (until is null)
                    {
                        return;
                    }

                    throw new SimulationStalledException($"The simulation stalled at {Clock.Elapsed}: nothing is scheduled, yet the awaited task has not completed (a deadlock in simulated code).");
                }

                if (next > limit)
                {
                    if (until is null)
                    {
                        return;
                    }

                    throw new TimeoutException($"The simulation passed its time limit of {TimeSpan.FromTicks(limit)} of virtual time before the awaited task completed.");
                }

                Clock.FireNext();
            }
        }
        finally
        {
            Volatile.Write(ref _loopThread, -1);
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private bool HasWork()
    {
        lock (_gate)
        {
            return _work.Count > 0;
        }
    }

    private void DrainWork()
    {
        while (true)
        {
            WorkItem item;
            lock (_gate)
            {
                if (!_work.TryDequeue(out item))
                {
                    _posted.Reset();
                    return;
                }
            }

            Steps++;
            SynchronizationContext.SetSynchronizationContext(item.Context);
            item.Callback(item.State);
        }
    }

    /// <summary>A callback to run on the loop with its context current.</summary>
    internal readonly record struct WorkItem(SynchronizationContext Context, SendOrPostCallback Callback, object? State);

    /// <summary>Posts to the loop; code of a process goes through its process so pause and kill apply.</summary>
    internal sealed class LoopContext(SimulationLoop loop, SimulatedProcess? process) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
            if (process is null)
            {
                loop.Enqueue(this, d, state);
            }
            else
            {
                process.Post(d, state);
            }
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new NotSupportedException("Synchronous Send is not supported in a simulation.");

        public override SynchronizationContext CreateCopy() => this;
    }
}

/// <summary>The simulation can make no progress: every task waits on something nothing will ever do.</summary>
public sealed class SimulationStalledException(string message) : Exception(message);
