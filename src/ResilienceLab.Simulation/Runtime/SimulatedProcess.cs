using ResilienceLab.Coordination;

namespace ResilienceLab.Simulation;

/// <summary>
/// A simulated OS process: its code runs on its own context of the <see cref="SimulationLoop"/>, its timers on
/// its own clock view (<see cref="Clock"/>: skewed and drifting as configured, and as a <c>clock-skew</c> fault sets it
/// while the run goes on). <see cref="Pause"/> holds every
/// continuation and timer callback until <see cref="Resume"/> (SIGSTOP / SIGCONT: the world's clock runs on);
/// <see cref="Kill"/> drops them for good (SIGKILL: no cleanup code runs).
/// </summary>
public sealed class SimulatedProcess
{
    private readonly SimulationLoop _loop;
    private readonly Queue<SimulationLoop.WorkItem> _held = new();
    private readonly Lock _gate = new();

    internal SimulatedProcess(SimulationLoop loop, string name, TimeSpan skew, double rate, bool clockFaults)
    {
        _loop = loop;
        Name = name;
        Context = new SimulationLoop.LoopContext(loop, this);
        // One clock model in up to two layers: the configured error (target.clocks: a machine's own clock, fixed for the
        // run), only for a replica that has one, beneath a fault that chaos sets and heals at runtime, only for a run
        // that can set one. Every timer goes through each layer, so a layer that would only pass time through is left out.
        TimeProvider beneath = new ProcessClock(loop.Clock, this);
        if (skew != TimeSpan.Zero || rate != 1.0)
        {
            var configured = new SkewedTimeProvider(beneath);
            configured.Set(skew, rate - 1);
            beneath = configured;
        }

        MachineClock = beneath;
        FaultClock = clockFaults ? new SkewedTimeProvider(beneath) : null;
    }

    /// <summary>The process name.</summary>
    public string Name { get; }

    /// <summary>
    /// The process's clock: the world's time, skewed and scaled by the configured drift rate, with any clock fault on top
    /// (<see cref="FaultClock"/>).
    /// </summary>
    public TimeProvider Clock => FaultClock ?? MachineClock;

    /// <summary>
    /// The process's clock without a runtime clock fault: the world's time with the configured skew and drift. What its
    /// history is stamped with.
    /// </summary>
    public TimeProvider MachineClock { get; }

    /// <summary>
    /// The layer a <c>clock-skew</c> fault is set on and healed from (<see cref="SkewedTimeProvider.Set"/>, <see cref="SkewedTimeProvider.Reset"/>),
    /// or null when the process was made without one (<see cref="SimulationLoop.CreateProcess"/>: a run with no clock-skew step).
    /// </summary>
    public SkewedTimeProvider? FaultClock { get; }

    /// <summary>The context its code runs on.</summary>
    public SynchronizationContext Context { get; }

    /// <summary>Whether the process is stopped (SIGSTOP).</summary>
    public bool Paused { get; private set; }

    /// <summary>Whether the process is dead (SIGKILL).</summary>
    public bool Killed { get; private set; }

    /// <summary>Starts code in the process.</summary>
    public Task Start(Func<Task> body) => SimulationLoop.Start(Context, body);

    /// <summary>SIGSTOP: nothing of this process runs until <see cref="Resume"/>.</summary>
    public void Pause()
    {
        lock (_gate)
        {
            Paused = !Killed;
        }
    }

    /// <summary>SIGCONT: runs what was held, in order.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            if (!Paused)
            {
                return;
            }

            Paused = false;
            while (_held.TryDequeue(out var item))
            {
                _loop.Enqueue(item.Context, item.Callback, item.State);
            }
        }
    }

    /// <summary>SIGKILL: everything pending is dropped and nothing of this process ever runs again.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            Killed = true;
            Paused = false;
            _held.Clear();
        }
    }

    /// <summary>Runs (later, on the loop) a continuation of this process's code, unless it is paused (held) or dead (dropped).</summary>
    /// <remarks>The work item carries the callback and its state as they are: no closure per continuation.</remarks>
    internal void Post(SendOrPostCallback callback, object? state) => Deliver(Context, callback, state);

    /// <summary>
    /// Runs (later, on the loop) a timer callback of this process, unless it is paused (held) or dead (dropped). A held
    /// callback runs on the loop's root context once resumed, a continuation (<see cref="Post"/>) on its own.
    /// </summary>
    internal void DeliverTimer(SendOrPostCallback callback, object? state) => Deliver(_loop.RootContext, callback, state);

    private void Deliver(SynchronizationContext heldContext, SendOrPostCallback callback, object? state)
    {
        lock (_gate)
        {
            if (Killed)
            {
                return;
            }

            if (Paused)
            {
                _held.Enqueue(new SimulationLoop.WorkItem(heldContext, callback, state));
                return;
            }
        }

        _loop.Enqueue(Context, callback, state);
    }

    /// <summary>
    /// The world's clock and the process that owns timers of <paramref name="clock"/>, when it is the world's clock itself
    /// (<paramref name="owner"/> null) or a process's clock without skew: a timer armed on <paramref name="world"/> for
    /// <paramref name="owner"/> is then exactly a timer of <paramref name="clock"/>. False for a clock with layers of its own.
    /// </summary>
    internal static bool TryUnwrap(TimeProvider clock, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out VirtualClock? world, out SimulatedProcess? owner)
    {
        (world, owner) = clock switch
        {
            VirtualClock itself => (itself, null),
            ProcessClock process => (process.World, process.Owner),
            _ => ((VirtualClock?)null, (SimulatedProcess?)null),
        };
        return world is not null;
    }

    /// <summary>The world's time, with timers owned by the process (held while it is paused, dropped once it is killed).</summary>
    private sealed class ProcessClock(VirtualClock world, SimulatedProcess owner) : TimeProvider
    {
        public VirtualClock World => world;

        public SimulatedProcess Owner => owner;

        public override long TimestampFrequency => world.TimestampFrequency;

        public override long GetTimestamp() => world.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => world.GetUtcNow();

        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            world.CreateTimer(callback, state, dueTime, period, owner);
    }
}
