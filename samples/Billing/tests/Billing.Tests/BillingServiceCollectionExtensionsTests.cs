using Billing.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;

namespace Billing.Tests;

public sealed class BillingServiceCollectionExtensionsTests
{
    [Fact]
    public void AddBilling_InvalidOptions_ErrorsNameEveryBadSetting()
    {
        using var provider = CreateSut(new()
        {
            ["Billing:KeyPrefix"] = "billing/",
            ["Billing:StepsPerBatch"] = "0",
            ["Billing:MaxOpenBatches"] = "30",
            ["Billing:MaxBatches"] = "10",
        });

        var e = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BillingOptions>>().Value);

        Assert.Contains(e.Failures, f => f.StartsWith("Billing:KeyPrefix:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Billing:StepsPerBatch:", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("Billing:MaxOpenBatches:", StringComparison.Ordinal));
        Assert.Equal(3, e.Failures.Count());
    }

    [Fact]
    public void AddBilling_Defaults_AreValidAndRegisterSchedulerAndProcessor()
    {
        var services = new ServiceCollection();
        services.AddBilling(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        Assert.False(provider.GetRequiredService<IOptions<BillingOptions>>().Value.UnfencedCheckpoints);
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).ToList();
        Assert.Contains(typeof(BatchScheduler), hosted);
        Assert.Contains(typeof(BatchProcessor), hosted);
    }

    [Fact]
    public void AddBilling_ReplicaNameAndRandomInContainer_AreUsed()
    {
        var random = new DeterministicRandom(99);
        using var provider = CreateSut(new() { ["Replica:Name"] = "billing-2" }, random);

        var replica = provider.GetRequiredService<BillingReplica>();

        Assert.Equal("billing-2", replica.Name);
        Assert.Same(random, replica.Random);
    }

    private static ServiceProvider CreateSut(Dictionary<string, string?> settings, DeterministicRandom? random = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        if (random is not null)
        {
            services.AddSingleton(random);
        }

        services.AddBilling(configuration);
        return services.BuildServiceProvider();
    }
}
