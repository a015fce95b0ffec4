using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResilienceLab.Testing;

/// <summary>
/// How one simulated replica of a team's service is registered, for <c>reslab simulate --service &lt;assembly&gt;</c>: the
/// command loads the assembly, creates its one public implementation (parameterless constructor) and calls
/// <see cref="ConfigureReplica"/> for every replica of every seed — exactly what a test passes to
/// <see cref="ServiceSimulation.Run"/>. Put it beside the simulation tests, which already reference the service.
/// </summary>
/// <example>
/// <code>
/// public sealed class BillingReplica : IServiceSimulationSetup
/// {
///     public void ConfigureReplica(IServiceCollection services, IConfiguration configuration) =>
///         services.AddBilling(configuration);
/// }
/// </code>
/// </example>
public interface IServiceSimulationSetup
{
    /// <summary>
    /// Registers the service's hosted services (and what they need) in one replica's container. <paramref name="configuration"/>
    /// is the replica's (<c>Replica:Name</c> and the command's <c>--service-config</c> settings), already registered.
    /// </summary>
    void ConfigureReplica(IServiceCollection services, IConfiguration configuration);
}
