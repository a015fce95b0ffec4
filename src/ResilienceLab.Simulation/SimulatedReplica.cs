using Microsoft.Extensions.Logging.Abstractions;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Simulation;

/// <summary>
/// One replica in a simulation: the real worker code (startup-state loader, task, election and counter workers)
/// running in a <see cref="SimulatedProcess"/> against its own client of the simulated store, recording to the
/// shared history sink with its own (possibly skewed) clock.
/// </summary>
public sealed class SimulatedReplica
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _running = Task.CompletedTask;

    internal SimulatedReplica(SimulatedProcess process, SimulatedKeyValueStore client, ReplicaRuntime runtime)
    {
        Process = process;
        Client = client;
        Runtime = runtime;
    }

    public string Name => Process.Name;

    public SimulatedProcess Process { get; }

    /// <summary>The replica's store client (fault hooks: partition, latency, dropped replies).</summary>
    public SimulatedKeyValueStore Client { get; }

    public ReplicaRuntime Runtime { get; }

    /// <summary>Whether the replica has completed its startup-state load.</summary>
    public bool Ready => Runtime.Ready.IsCompletedSuccessfully;

    /// <summary>Whether the replica is gone (killed, or stopped gracefully).</summary>
    public bool Dead => Process.Killed || _running.IsCompleted && _stopping.IsCancellationRequested;

    internal void Start()
    {
        _running = Process.Start(async () =>
        {
            var loader = new StartupStateLoader(Runtime, NullLogger<StartupStateLoader>.Instance);
            try
            {
                await loader.LoadAsync(_stopping.Token);
                await Task.WhenAll(
                    new TaskWorker(Runtime, NullLogger<TaskWorker>.Instance).RunAsync(_stopping.Token),
                    new ElectionWorker(Runtime, NullLogger<ElectionWorker>.Instance).RunAsync(_stopping.Token),
                    new CounterWorker(Runtime, NullLogger<CounterWorker>.Instance).RunAsync(_stopping.Token));
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }

            // Graceful stop only (a killed process never gets here): revoke the lease.
            await Runtime.CloseAsync(CancellationToken.None);
            Runtime.Recorder.Event(HistoryOps.ProcessStop);
        });
    }

    /// <summary>SIGTERM: the workers stop, release their locks and resign; the lease is revoked.</summary>
    public void Terminate() => Process.Context.Post(_ => _stopping.Cancel(), null);

    /// <summary>SIGKILL: nothing of the replica runs again; its lease expires after its TTL.</summary>
    public void Kill() => Process.Kill();

    /// <summary>Waits for a graceful stop to finish.</summary>
    public Task Stopped => _running;
}
