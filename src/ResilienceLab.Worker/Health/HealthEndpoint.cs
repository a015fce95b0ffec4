using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilienceLab.Workers;

namespace ResilienceLab.Worker;

/// <summary>
/// Serves the replica's health checks over HTTP for a kubelet's probes, when <c>Health:Port</c> is set: ASP.NET Core's
/// health-check middleware on a Kestrel server of its own (the worker is a Generic Host, not a web app), answering 200 when
/// healthy and 503 when not. Registered before the replica, so it answers 503 while the startup state loads and keeps
/// answering until the replica has drained.
/// </summary>
internal sealed class HealthEndpoint(IOptions<HealthEndpointOptions> options, HealthCheckService health, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Port is not { } port)
        {
            return;
        }

        var address = options.Value.Address;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "reslab-worker-health", ContentRootPath = AppContext.BaseDirectory });

        // The worker's host owns SIGTERM and the logs; this server must neither stop on its own nor log elsewhere.
        builder.Services.AddSingleton<IHostLifetime, HealthEndpointLifetime>();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(health);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (address == HealthEndpointConstants.AnyAddress)
            {
                kestrel.ListenAnyIP(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(address), port);
            }
        });

        var app = builder.Build();
        app.UseHealthChecks(HealthEndpointConstants.LivePath, Checks(_ => false));
        app.UseHealthChecks(HealthEndpointConstants.ReadyPath, Checks(r => r.Tags.Contains(ReplicaHealthConstants.ReadyTag)));
        app.UseHealthChecks(HealthEndpointConstants.StartupPath, Checks(r => r.Tags.Contains(ReplicaHealthConstants.StartupTag)));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"{HealthEndpointConstants.Section}:Port: cannot listen on {address}:{port}: {e.Message}. Choose a free port or leave Health:Port unset.", e);
        }

        _app = app;
        loggerFactory.CreateLogger<HealthEndpoint>().LogInformation(
            "Health endpoint on {Address}:{Port}: {Live} {Ready} {Startup}", address, port, HealthEndpointConstants.LivePath, HealthEndpointConstants.ReadyPath, HealthEndpointConstants.StartupPath);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private static HealthCheckOptions Checks(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
    };

    /// <summary>The status, then one line per check with its description: what an operator reading a failed probe needs.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries)
        {
            text.Append(name).Append(": ").Append(entry.Status).Append(" - ").Append(entry.Description).Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
