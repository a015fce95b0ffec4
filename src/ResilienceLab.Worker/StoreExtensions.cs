using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

namespace ResilienceLab.Worker;

/// <summary>Registers the replica's <see cref="IKeyValueStore"/>.</summary>
public static class StoreExtensions
{
    /// <summary>
    /// Binds <see cref="StoreOptions"/> from the <c>Store</c> section (validated on start) and registers the store
    /// it names: <c>etcd</c> — an <see cref="EtcdKeyValueStore"/> on <c>Store:Endpoints</c> with <c>Store:CallTimeout</c>.
    /// The container disposes it after the replica's lease has been revoked.
    /// </summary>
    public static IHostApplicationBuilder AddStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StoreOptions>().BindConfiguration(WorkerHostConstants.StoreSection).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>();
        builder.Services.AddSingleton<IKeyValueStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            return options.Kind.ToLowerInvariant() switch
            {
                WorkerHostConstants.EtcdKind => new EtcdKeyValueStore(options.ToEtcdOptions(time)),
                _ => throw new OptionsValidationException(WorkerHostConstants.StoreSection, typeof(StoreOptions), [$"Store:Kind: '{options.Kind}' is not supported."]),
            };
        });
        return builder;
    }
}
