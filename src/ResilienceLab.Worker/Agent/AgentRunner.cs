using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ResilienceLab.Hosting;

namespace ResilienceLab.Worker;

/// <summary>
/// <c>reslab-worker agent</c>: the fault agent, a sidecar in the worker's pod (docs/kubernetes.md, "The agent sidecar").
/// Configuration from <c>RESLAB_Agent__*</c> variables and the command line (<c>--Agent:Port=9091</c>); exit code 2 with every
/// problem on stderr when it is invalid, 0 after SIGTERM — having resumed and healed its worker.
/// </summary>
public static class AgentRunner
{
    /// <summary>Runs the agent until SIGTERM; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = args, ApplicationName = "reslab-agent", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables(WorkerHostConstants.EnvironmentPrefix);
        builder.Configuration.AddCommandLine(args);
        builder.AddWorkerLogging();

        // Kestrel's per-request lines would bury the agent's own: every fault, refusal and self-heal is logged below.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var options = new AgentOptions();
        builder.Configuration.GetSection(AgentConstants.Section).Bind(options);
        options.PodName ??= Environment.GetEnvironmentVariable(WorkerHostConstants.PodNameVariable)?.Trim();
        if (AgentOptionsValidator.Errors(options) is { Count: > 0 } problems)
        {
            await error.WriteLineAsync("reslab-worker agent: invalid configuration:");
            foreach (var problem in problems)
            {
                await error.WriteLineAsync("  " + problem);
            }

            return WorkerExitCodes.InvalidConfiguration;
        }

        var token = Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(options.TokenFile!)).Trim());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (options.Address == HealthEndpointConstants.AnyAddress)
            {
                kestrel.ListenAnyIP(options.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(options.Address), options.Port);
            }
        });

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(services => new FaultAgent(options, TimeProvider.System, services.GetRequiredService<ILoggerFactory>().CreateLogger<FaultAgent>()));
        builder.Services.AddHostedService<AgentLeaseWatchdog>();
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ResilienceLab.Worker.Agent");
        FaultAgent agent;
        try
        {
            agent = app.Services.GetRequiredService<FaultAgent>();
        }
        catch (InvalidOperationException e)
        {
            // A proxy port already taken.
            await error.WriteLineAsync($"reslab-worker agent: {e.Message}");
            return WorkerExitCodes.InvalidConfiguration;
        }

        ResumeLeftoverPause(options.PodName!, logger);
        var endpoints = new AgentEndpoints(agent, token, logger);
        app.Run(endpoints.HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"reslab-worker agent: {AgentConstants.Section}:Port: cannot listen on {options.Address}:{options.Port}: {e.Message}");
            return WorkerExitCodes.InvalidConfiguration;
        }

        logger.LogInformation(
            "Agent for worker {Pod} on {Address}:{Port}; store proxies {Proxies}; lease {Ttl}",
            options.PodName,
            options.Address,
            options.Port,
            string.Join(", ", agent.Proxies.Select(p => $"{p.Endpoint} -> {p.Upstream}")),
            options.LeaseTtl);
        await app.WaitForShutdownAsync(CancellationToken.None);
        return WorkerExitCodes.Clean;
    }

    /// <summary>A worker found stopped when the agent starts was paused by an earlier agent of this pod that died: resume it.</summary>
    private static void ResumeLeftoverPause(string pod, ILogger logger)
    {
        if (WorkerProcessFinder.Find(pod).Pid is { } pid && Signals.State(pid) == 'T')
        {
            Signals.Send(pid, UnixSignal.Continue);
            logger.LogWarning("Worker {Pod} (pid {Pid}) was stopped when the agent started: resumed it", pod, pid);
        }
    }
}
