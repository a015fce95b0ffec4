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
    /// </summary>
    public static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(WorkerHostConstants.StoreSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        builder.Services.AddSingleton<InjectedStoreFaults>();
        builder.Services.AddHostedService<StoreFaultFileWatcher>();
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
