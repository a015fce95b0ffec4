using Microsoft.Extensions.Logging.Abstractions;
using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Workers;

namespace ResilienceLab.Simulation;

/// <summary>
/// The built-in reference workers (startup-state loader, task, election and counter workers) as a replica program: one
/// replica like any other, given the same context a team's service gets.
/// </summary>
public sealed class ReferenceReplicaProgram : IReplicaProgram
{
    public ReferenceReplicaProgram(SimulatedReplicaContext context, ReplicaOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        Runtime = new ReplicaRuntime(context.Backend, context.Process.Clock, context.Recorder, options, context.Random);
    }

    /// <summary>The workers' shared runtime.</summary>
    public ReplicaRuntime Runtime { get; }

    /// <inheritdoc />
    public bool Ready => Runtime.Ready.IsCompletedSuccessfully;

    /// <inheritdoc />
    public ICoordinationSession? Session => Runtime.Sessions.Current;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stopping)
    {
        var loader = new StartupStateLoader(Runtime, NullLogger<StartupStateLoader>.Instance);
        try
        {
            await loader.LoadAsync(stopping);
            await Task.WhenAll(
                new TaskWorker(Runtime, NullLogger<TaskWorker>.Instance).RunAsync(stopping),
                new ElectionWorker(Runtime, NullLogger<ElectionWorker>.Instance).RunAsync(stopping),
                new CounterWorker(Runtime, NullLogger<CounterWorker>.Instance).RunAsync(stopping));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        // Graceful stop only (a killed process never gets here): revoke the lease.
        await Runtime.CloseAsync(CancellationToken.None);
        Runtime.Recorder.Event(HistoryOps.ProcessStop);
    }

    /// <summary>A factory for <see cref="SimulatedReplicaSet"/>: each replica gets a copy of <paramref name="template"/> named after it.</summary>
    public static Func<SimulatedReplicaContext, IReplicaProgram> Factory(ReplicaOptions template)
    {
        ReplicaOptionsValidator.ThrowIfInvalid(template);
        return context => new ReferenceReplicaProgram(context, Clone(template, context.Name));
    }

    private static ReplicaOptions Clone(ReplicaOptions t, string name) => new()
    {
        Name = name,
        SeededBug = t.SeededBug,
        LockTtl = t.LockTtl,
        Tasks = new TaskWorkerOptions
        {
            Enabled = t.Tasks.Enabled,
            Count = t.Tasks.Count,
            Steps = t.Tasks.Steps,
            StepDuration = t.Tasks.StepDuration,
            MaxConcurrent = t.Tasks.MaxConcurrent,
            IdlePoll = t.Tasks.IdlePoll,
            Fencing = t.Tasks.Fencing,
            IgnoreLockLost = t.Tasks.IgnoreLockLost,
        },
        Election = new ElectionWorkerOptions { Enabled = t.Election.Enabled, HeartbeatInterval = t.Election.HeartbeatInterval },
        Counter = new CounterWorkerOptions
        {
            Enabled = t.Counter.Enabled,
            Increments = t.Counter.Increments,
            Mode = t.Counter.Mode,
            ReadWriteGap = t.Counter.ReadWriteGap,
            Interval = t.Counter.Interval,
        },
    };
}
