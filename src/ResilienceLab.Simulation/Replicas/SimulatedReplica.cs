namespace ResilienceLab.Simulation;

/// <summary>
/// One replica in a simulation: its <see cref="IReplicaProgram"/> (the reference workers or a team's hosted services)
/// running in a <see cref="SimulatedProcess"/> against its own client of the simulated store, recording to the shared
/// history sink with its own (possibly skewed) clock.
/// </summary>
public sealed class SimulatedReplica
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    internal SimulatedReplica(SimulatedProcess process, SimulatedKeyValueStore client, IReplicaProgram program)
    {
        Process = process;
        Client = client;
        Program = program;
    }

    public string Name => Process.Name;

    public SimulatedProcess Process { get; }

    /// <summary>The replica's store client (fault hooks: partition, latency, dropped replies).</summary>
    public SimulatedKeyValueStore Client { get; }

    /// <summary>What runs in the replica.</summary>
    public IReplicaProgram Program { get; }

    /// <summary>Whether the replica has completed its start-up.</summary>
    public bool Ready => Program.Ready;

    /// <summary>Whether the replica is gone (killed, or stopped gracefully).</summary>
    public bool Dead => Process.Killed || _running.IsCompleted && _stopping.IsCancellationRequested;

    internal void Start() => _running = Process.Start(() => Program.RunAsync(_stopping.Token));

    /// <summary>SIGTERM: the program stops, releases its locks and resigns; the lease is revoked.</summary>
    public void Terminate() => Process.Context.Post(_ => _stopping.Cancel(), null);

    /// <summary>SIGKILL: nothing of the replica runs again; its lease expires after its TTL.</summary>
    public void Kill() => Process.Kill();

    /// <summary>Waits for a graceful stop to finish.</summary>
    public Task Stopped => _running;

    /// <summary>What the program let escape (it threw rather than stopped), or null; reading it observes the fault.</summary>
    public Exception? Crash => _running.IsFaulted ? _running.Exception!.InnerException : null;
}
