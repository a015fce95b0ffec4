using Microsoft.Extensions.Hosting;
using ResilienceLab.Worker;
using ResilienceLab.Workers;

// A replica: configuration from appsettings.json, then RESLAB_* environment variables, then the command line.
return await WorkerRunner.RunAsync(() =>
{
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddWorkerConfiguration(args);
    builder.AddWorkerLogging();
    builder.AddHealthEndpoint();
    builder.AddReplica();
    builder.AddStore();
    builder.AddWorkerTelemetry();
    return builder;
});
