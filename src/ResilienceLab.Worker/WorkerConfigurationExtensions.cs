using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ResilienceLab.Workers;

namespace ResilienceLab.Worker;

/// <summary>Configuration sources and host settings of the worker process.</summary>
public static class WorkerConfigurationExtensions
{
    /// <summary>
    /// Layers <c>RESLAB_*</c> environment variables (then the command line again, so it still wins) over
    /// appsettings.json; names the replica after <c>POD_NAME</c> when <c>Replica:Name</c> is not set; applies
    /// <c>Host:ShutdownTimeout</c>.
    /// </summary>
    public static IHostApplicationBuilder AddWorkerConfiguration(this IHostApplicationBuilder builder, string[] args)
    {
        var configuration = builder.Configuration;
        configuration.AddEnvironmentVariables(WorkerHostConstants.EnvironmentPrefix);
        configuration.AddCommandLine(args);

        var nameKey = $"{WorkerConstants.ConfigurationSection}:{nameof(ReplicaOptions.Name)}";
        var podName = Environment.GetEnvironmentVariable(WorkerHostConstants.PodNameVariable);
        if (string.IsNullOrWhiteSpace(configuration[nameKey]) && !string.IsNullOrWhiteSpace(podName))
        {
            configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(nameKey, podName.Trim())]);
        }

        builder.Services.AddOptions<WorkerHostOptions>().BindConfiguration(WorkerHostConstants.HostSection);
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<WorkerHostOptions>>((host, worker) => host.ShutdownTimeout = worker.Value.ShutdownTimeout);
        return builder;
    }
}
