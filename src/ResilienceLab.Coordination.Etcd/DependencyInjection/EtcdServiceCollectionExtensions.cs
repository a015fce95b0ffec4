using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ResilienceLab.Coordination.Etcd;

/// <summary>Registers etcd as a service's coordination backend.</summary>
public static class EtcdServiceCollectionExtensions
{
    /// <summary>
    /// Adds an <see cref="EtcdKeyValueStore"/> (as <see cref="IKeyValueStore"/>) with <see cref="EtcdStoreOptions"/> bound from
    /// <paramref name="configuration"/> (<c>Endpoints</c>, <c>CallTimeout</c>, <c>MaxRetries</c>, …) and validated on start, and
    /// etcd's concurrency recipes over it as the <see cref="ICoordinationBackend"/> — instrumented, with the service's session
    /// (<c>Session:Ttl</c>, <c>Session:KeepAliveInterval</c> under the same section) tied to the host. Call it before adding your
    /// hosted services.
    /// </summary>
    /// <example>
    /// <code>
    /// builder.Services.AddCoordinationHistory(o => { o.Sink = HistorySinkKind.File; o.Path = "history.jsonl"; });
    /// builder.Services.AddEtcdCoordination(builder.Configuration.GetSection("Etcd"));
    /// builder.Services.AddHostedService&lt;MyWorker&gt;();
    /// </code>
    /// </example>
    public static IServiceCollection AddEtcdCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EtcdStoreOptions>()
            .Bind(configuration)
            .PostConfigure<IServiceProvider>((options, sp) =>
            {
                options.TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System;

                // One configuration value may hold several endpoints, comma-separated as etcdctl takes them (a chaos
                // run's ${store.endpoints}, an ETCD_ENDPOINTS variable).
                options.Endpoints = [.. options.Endpoints.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<EtcdStoreOptions>, EtcdStoreOptionsValidator>();
        services.AddSingleton<IKeyValueStore>(sp => new EtcdKeyValueStore(sp.GetRequiredService<IOptions<EtcdStoreOptions>>().Value));
        return services.AddCoordinationBackend(
            sp => new EtcdCoordinationBackend(sp.GetRequiredService<IKeyValueStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System),
            services.AddOptions<SessionOptions>().Bind(configuration.GetSection(CoordinationHostingConstants.SessionSection)));
    }
}
