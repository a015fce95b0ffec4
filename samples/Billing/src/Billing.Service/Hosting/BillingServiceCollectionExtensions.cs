using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>Registers the billing service on a host.</summary>
public static class BillingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the billing service: <see cref="BillingOptions"/> bound from the <c>Billing</c> section and validated on start,
    /// the replica's identity, the revenue ledger, the leader's batch scheduler and the batch processor. The caller
    /// registers the coordination backend first (<c>AddEtcdCoordination</c>, or the simulation harness), so the session is
    /// closed after these services stopped and released their locks. A <see cref="TimeProvider"/> and a
    /// <see cref="DeterministicRandom"/> already in the container are used (the simulation's virtual clock and seed).
    /// </summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<BillingOptions>().Bind(configuration.GetSection(BillingConstants.ConfigurationSection)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BillingOptions>, BillingOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var name = configuration[BillingConstants.ReplicaNameKey] is { Length: > 0 } configured ? configured : Environment.MachineName;
            return new BillingReplica(name, sp.GetService<DeterministicRandom>() ?? new DeterministicRandom(BillingReplica.SeedOf(name)));
        });
        services.AddSingleton(sp => new BillingKeys(sp.GetRequiredService<IOptions<BillingOptions>>().Value.KeyPrefix));
        services.AddSingleton<RevenueLedger>();
        services.AddHostedService<BatchScheduler>();
        services.AddHostedService<BatchProcessor>();
        return services;
    }
}
