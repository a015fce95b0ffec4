using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;
using ResilienceLab.Coordination.Nats;

using ResilienceLab.Hosting;

namespace ResilienceLab.Worker;

/// <summary>Registers the replica's <see cref="ICoordinationBackend"/>.</summary>
public static class StoreExtensions
{
    /// <summary>
    /// Binds <see cref="StoreOptions"/> from the <c>Store</c> section (validated on start) and registers the store
    /// it names: <c>etcd</c> — the etcd recipes over an <see cref="EtcdKeyValueStore"/> on <c>Store:Endpoints</c> with
    /// <c>Store:CallTimeout</c>; <c>nats</c> — a <see cref="NatsCoordinationBackend"/> on <c>Store:Endpoints</c> with
    /// <c>Store:CallTimeout</c> and <c>Store:PollInterval</c>. The container disposes it after the replica's session is closed.
    /// With <c>Store:FaultFile</c>, the faults a chaos controller writes there apply to the etcd client and to the
    /// replica's <see cref="TimeProvider"/> (a <see cref="SkewedTimeProvider"/>; history stays on the clock beneath it).
    /// </summary>
    public static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(WorkerHostConstants.StoreSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        builder.Services.AddSingleton<InjectedStoreFaults>();

        // The replica's clock, which a clock line of the fault file skews: it wraps the clock registered so far (the
        // system clock AddReplica registers, or a test's) and replaces it for everything resolved from here on.
        var registered = builder.Services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider))?.ImplementationInstance as TimeProvider ?? TimeProvider.System;
        builder.Services.AddSingleton(new SkewedTimeProvider(registered));
        builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<SkewedTimeProvider>());
        builder.Services.AddHostedService<FaultFileWatcher>();
        builder.Services.AddSingleton<ICoordinationBackend>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var faults = options.FaultFile is null ? null : sp.GetRequiredService<InjectedStoreFaults>();
            return options.Kind.ToLowerInvariant() switch
            {
                WorkerHostConstants.EtcdKind => new EtcdCoordinationBackend(new EtcdKeyValueStore(options.ToEtcdOptions(time, faults)), time, ownsStore: true),
                WorkerHostConstants.NatsKind => new NatsCoordinationBackend(options.ToNatsOptions(time)),
                _ => throw new OptionsValidationException(WorkerHostConstants.StoreSection, typeof(StoreOptions), [$"Store:Kind: '{options.Kind}' is not supported."]),
            };
        });
        return builder;
    }
}
