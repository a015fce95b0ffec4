using Billing.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResilienceLab.Coordination;
using ResilienceLab.Coordination.Etcd;

// A billing replica: configuration from appsettings.json, then BILLING_* environment variables, then the command line.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddEnvironmentVariables("BILLING_");
builder.Configuration.AddCommandLine(args);

// The primitives record the history the checkers read: a JSON Lines file locally, stdout on Kubernetes, or none.
builder.Services.AddCoordinationHistory(builder.Services.AddOptions<CoordinationHistoryOptions>()
    .BindConfiguration("History")
    .PostConfigure(o => o.ProcessName = builder.Configuration[BillingConstants.ReplicaNameKey] is { Length: > 0 } name ? name : o.ProcessName));

// The store first, then the service: the session is closed after the service's hosted services released their locks.
builder.Services.AddEtcdCoordination(builder.Configuration.GetSection("Etcd"));
builder.Services.AddBilling(builder.Configuration);
builder.Services.AddHealthChecks().AddCoordinationHealthCheck();
builder.Services.AddReadyFile(builder.Configuration.GetSection("Health"));

await builder.Build().RunAsync();
