using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using ResilienceLab.Worker;
using ResilienceLab.Workers;

// `reslab-worker agent`: the fault agent sidecar of a worker's pod (docs/kubernetes.md), from the same image.
if (args.Length > 0 && args[0] == AgentConstants.Command)
{
    return await AgentRunner.RunAsync(args[1..]);
}

// A replica: configuration from appsettings.json, then RESLAB_* environment variables, then the command line.
return await WorkerRunner.RunAsync(() =>
{
    // No reload-on-change of appsettings*.json: each watch costs an inotify instance (root's default limit is 128), so
    // a few hundred local replicas died at start-up; a replica's configuration is fixed for its life anyway.
    // (Set through a source: a ConfigurationManager without one drops an indexer write.)
    var hostConfiguration = new ConfigurationManager();
    hostConfiguration.AddInMemoryCollection([new KeyValuePair<string, string?>("hostBuilder:reloadConfigOnChange", "false")]);
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory, Configuration = hostConfiguration });
    builder.AddWorkerConfiguration(args);
    builder.AddWorkerLogging();
    builder.AddHealthEndpoint();
    builder.AddReplica();
    builder.AddStore();
    builder.AddWorkerTelemetry();
    return builder;
});
