using Billing.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ResilienceLab.Testing;

namespace Billing.Tests;

/// <summary>
/// One simulated billing replica, registered as production registers it (<c>AddBilling(configuration)</c>). The simulation
/// tests use it, and so does the command line: <c>reslab simulate plans/billing-simulation.yaml --service Billing.Tests.dll</c>.
/// </summary>
public sealed class BillingReplicaSetup : IServiceSimulationSetup
{
    public void ConfigureReplica(IServiceCollection services, IConfiguration configuration) => services.AddBilling(configuration);
}
