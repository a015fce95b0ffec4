using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;
using ResilienceLab.History;

namespace ResilienceLab.Workers;

/// <summary>Registers a replica's services on a host.</summary>
public static class ReplicaHostExtensions
{
    /// <summary>
    /// Adds the replica: options bound from the "Replica" section and validated on start, the history sink, the
    /// runtime, the startup-state lifetime (first, so it stops last), the three workers, and the health checks with the
    /// readiness tracker (last, so it stops first; see <see cref="ReplicaHealthConstants"/>). The caller registers
    /// the <see cref="ICoordinationBackend"/> and may register a <see cref="TimeProvider"/> (default: system clock).
    /// </summary>
    public static IHostApplicationBuilder AddReplica(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReplicaOptions>().BindConfiguration(WorkerConstants.ConfigurationSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ReplicaOptions>, ReplicaOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<IHistorySink>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReplicaOptions>>().Value;
            return string.IsNullOrEmpty(options.HistoryPath) ? new MemoryHistorySink() : new JsonlHistoryWriter(options.HistoryPath);
        });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ReplicaOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            // History is stamped with the clock beneath a clock-skew fault (true time), as in the simulation: the fault is
            // what the replica believes, and the checkers compare times across processes.
            var recorder = new HistoryRecorder(sp.GetRequiredService<IHistorySink>(), SkewedTimeProvider.Underlying(time), options.Name);

            // Outside the simulation a replica's randomness only spreads load; seed it from its name so runs are repeatable.
            var seed = options.Name.Aggregate(17L, (h, c) => unchecked((h * 31) + c));
            return new ReplicaRuntime(sp.GetRequiredService<ICoordinationBackend>(), time, recorder, options, new DeterministicRandom(seed));
        });
        builder.Services.AddSingleton<StartupStateLoader>();
        builder.Services.AddHostedService<ReplicaLifetime>();
        builder.Services.AddHostedService<TaskWorker>();
        builder.Services.AddHostedService<ElectionWorker>();
        builder.Services.AddHostedService<CounterWorker>();
        builder.Services.AddReplicaHealth();
        return builder;
    }
}
