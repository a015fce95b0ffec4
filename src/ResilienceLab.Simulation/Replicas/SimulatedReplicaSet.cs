using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Simulation;

/// <summary>How a simulated replica's clock deviates from the world's.</summary>
public sealed record ClockFault(TimeSpan Skew, double Rate);

/// <summary>
/// The replica set of a simulation, with ReplicaSet semantics: a replica that dies is replaced, after
/// <see cref="RestartDelay"/>, by a new one with a new name (<c>replica-&lt;ordinal&gt;</c>).
/// </summary>
public sealed class SimulatedReplicaSet
{
    private readonly SimulationLoop _loop;
    private readonly SimulatedStore _store;
    private readonly IHistorySink _sink;
    private readonly Func<SimulatedReplicaContext, IReplicaProgram> _program;
    private readonly DeterministicRandom _random;
    private readonly SimulatedClientOptions _clientOptions;
    private readonly List<SimulatedReplica> _all = [];
    private int _ordinal;

    /// <summary>A replica set of the reference workers, each configured from <paramref name="template"/>.</summary>
    public SimulatedReplicaSet(SimulationLoop loop, SimulatedStore store, IHistorySink sink, ReplicaOptions template, DeterministicRandom random, SimulatedClientOptions? clientOptions = null)
        : this(loop, store, sink, ReferenceReplicaProgram.Factory(template), random, clientOptions)
    {
    }

    /// <summary>A replica set whose replicas each run what <paramref name="program"/> makes for them.</summary>
    public SimulatedReplicaSet(SimulationLoop loop, SimulatedStore store, IHistorySink sink, Func<SimulatedReplicaContext, IReplicaProgram> program, DeterministicRandom random, SimulatedClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        _loop = loop;
        _store = store;
        _sink = sink;
        _program = program;
        _random = random;
        _clientOptions = clientOptions ?? new SimulatedClientOptions();
    }

    /// <summary>How long after a replica dies its replacement starts (a pod reschedule); null: no replacement.</summary>
    public TimeSpan? RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Clock faults for replicas by name, applied when they start.</summary>
    public Dictionary<string, ClockFault> ClockFaults { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a replica's clock can be set off while the run goes on (a <c>clock-skew</c> step; default true). A run
    /// that has none turns it off, and every timer of every replica is one clock layer cheaper.
    /// </summary>
    public bool ClockFaultsAtRuntime { get; set; } = true;

    /// <summary>Replicas that are alive (not killed, not stopped), in start order.</summary>
    public IReadOnlyList<SimulatedReplica> Live => [.. _all.Where(r => !r.Dead)];

    /// <summary>Every replica ever started.</summary>
    public IReadOnlyList<SimulatedReplica> All => _all;

    /// <summary>Starts <paramref name="count"/> replicas.</summary>
    public void Scale(int count)
    {
        for (var i = 0; i < count; i++)
        {
            StartNew();
        }
    }

    /// <summary>The live replica with that name, or null.</summary>
    public SimulatedReplica? Find(string name) => _all.FirstOrDefault(r => r.Name == name && !r.Dead);

    /// <summary>SIGKILL a replica; its replacement is scheduled.</summary>
    public void Kill(SimulatedReplica replica)
    {
        replica.Kill();
        ScheduleReplacement();
    }

    /// <summary>SIGTERM a replica; its replacement is scheduled once it has stopped.</summary>
    public void Terminate(SimulatedReplica replica)
    {
        replica.Terminate();
        ScheduleReplacement();
    }

    /// <summary>How long a terminated replica may take to stop before it is killed (Kubernetes' terminationGracePeriodSeconds).</summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Stops every replica gracefully (the end of a run) without replacing them; a replica still running after
    /// <see cref="GracePeriod"/> is killed. Returns the names of the replicas that had to be killed.
    /// </summary>
    public async Task<IReadOnlyList<string>> StopAllAsync()
    {
        RestartDelay = null;
        var live = Live;
        foreach (var replica in live)
        {
            if (replica.Process.Paused)
            {
                replica.Process.Resume();
            }

            replica.Terminate();
        }

        // One TaskCompletionSource settles the race (no Task.WhenAny: its completion may run on the thread pool).
        var settled = new TaskCompletionSource();
        using var grace = _loop.Clock.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), settled, GracePeriod, Timeout.InfiniteTimeSpan);
        foreach (var replica in live)
        {
            _ = NotifyWhenStoppedAsync(replica, live, settled);
        }

        await settled.Task;
        var stuck = live.Where(r => !r.Stopped.IsCompleted).ToList();
        foreach (var replica in stuck)
        {
            replica.Kill();
        }

        return [.. stuck.Select(r => r.Name)];
    }

    private static async Task NotifyWhenStoppedAsync(SimulatedReplica replica, IReadOnlyList<SimulatedReplica> all, TaskCompletionSource settled)
    {
        try
        {
            await replica.Stopped;
        }
        catch (Exception)
        {
            // A replica that crashed on the way out has stopped too.
        }

        if (all.All(r => r.Stopped.IsCompleted))
        {
            settled.TrySetResult();
        }
    }

    private void ScheduleReplacement()
    {
        if (RestartDelay is not { } delay)
        {
            return;
        }

        _loop.Clock.CreateTimer(_ => _loop.RootContext.Post(_ => { if (RestartDelay is not null) { StartNew(); } }, null), null, delay, Timeout.InfiniteTimeSpan);
    }

    private SimulatedReplica StartNew()
    {
        var name = $"replica-{_ordinal++}";
        var fault = ClockFaults.GetValueOrDefault(name) ?? new ClockFault(TimeSpan.Zero, 1.0);
        var process = _loop.CreateProcess(name, fault.Skew, fault.Rate, ClockFaultsAtRuntime);
        var random = _random.Fork(name);
        var client = _store.CreateClient(name, _clientOptions, process.Clock, random.Fork("network"));
        // The replica's code and its client run on its clock, faults included; its history is stamped with the clock
        // beneath a clock-skew fault, as a local worker's is (docs/chaos-plans.md, clock-skew).
        client.Sender = process;
        var context = new SimulatedReplicaContext(name, process, new EtcdCoordinationBackend(client, process.Clock), new HistoryRecorder(_sink, process.MachineClock, name), random);
        var replica = new SimulatedReplica(process, client, _program(context));
        _all.Add(replica);
        replica.Start();
        return replica;
    }
}
