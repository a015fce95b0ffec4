using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ResilienceLab.Coordination.Nats;

/// <summary>Registers NATS JetStream key-value as a service's coordination backend.</summary>
public static class NatsServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="NatsCoordinationBackend"/> with <see cref="NatsBackendOptions"/> bound from <paramref name="configuration"/>
    /// (<c>Url</c>, <c>CallTimeout</c>, <c>PollInterval</c>, <c>BucketPrefix</c>) and validated on start, as the
    /// <see cref="ICoordinationBackend"/> — instrumented, with the service's session (<c>Session:Ttl</c>) tied to the host.
    /// See docs/etcd-vs-nats.md for what a NATS fence can and cannot guarantee.
    /// </summary>
    public static IServiceCollection AddNatsCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<NatsBackendOptions>()
            .Bind(configuration)
            .PostConfigure<IServiceProvider>((options, sp) => options.TimeProvider = sp.GetService<TimeProvider>() ?? TimeProvider.System)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<NatsBackendOptions>, NatsBackendOptionsValidator>();
        return services.AddCoordinationBackend(
            sp => new NatsCoordinationBackend(sp.GetRequiredService<IOptions<NatsBackendOptions>>().Value),
            services.AddOptions<SessionOptions>().Bind(configuration.GetSection(CoordinationHostingConstants.SessionSection)));
    }
}
