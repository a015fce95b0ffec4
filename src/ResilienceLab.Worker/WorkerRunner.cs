using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ResilienceLab.Coordination;
using ResilienceLab.Workers;

namespace ResilienceLab.Worker;

/// <summary>Runs the replica host and turns how it ended into a <see cref="WorkerExitCodes">exit code</see>.</summary>
public static class WorkerRunner
{
    /// <summary>Creates the builder, checks the configuration, builds and runs the host until it is asked to stop; returns the exit code.</summary>
    public static async Task<int> RunAsync(Func<HostApplicationBuilder> createBuilder, TextWriter? error = null)
    {
        error ??= Console.Error;
        IHost host;
        try
        {
            var builder = createBuilder();
            var problems = WorkerConfigurationCheck.Errors(builder.Configuration);
            if (problems.Count > 0)
            {
                return InvalidConfiguration(error, problems);
            }

            host = builder.Build();
        }
        catch (InvalidDataException e)
        {
            // appsettings.json that is not valid JSON.
            return InvalidConfiguration(error, [$"{e.Message} {e.InnerException?.Message}"]);
        }
        catch (OptionsValidationException e)
        {
            return InvalidConfiguration(error, e.Failures);
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"reslab-worker: could not build the host: {e}");
            return WorkerExitCodes.Crash;
        }

        try
        {
            return await RunAsync(host, error);
        }
        finally
        {
            // Async disposal: the store client only implements IAsyncDisposable.
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    private static async Task<int> RunAsync(IHost host, TextWriter error)
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ResilienceLab.Worker");
        try
        {
            if (await StartAsync(host, logger, error) is { } failed)
            {
                return failed;
            }

            await host.WaitForShutdownAsync(CancellationToken.None);
            var faulted = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Where(s => s.ExecuteTask?.IsFaulted == true).ToList();
            if (faulted.Count > 0)
            {
                await error.WriteLineAsync($"reslab-worker: {string.Join(", ", faulted.Select(s => s.GetType().Name))} failed: {faulted[0].ExecuteTask!.Exception!.GetBaseException().Message}");
                return WorkerExitCodes.Crash;
            }

            return WorkerExitCodes.Clean;
        }
        catch (Exception e) when (ValidationFailures(e) is { Count: > 0 } failures)
        {
            return InvalidConfiguration(error, failures);
        }
        catch (Exception e) when (AccessDenied(e) is { } denied)
        {
            // Wrong credentials or a role without the prefix: restarting will not help, so this is a configuration error.
            var message = denied.Message;
            logger.LogCritical("etcd refused the replica: {Message}", message);
            return InvalidConfiguration(error, [$"{WorkerHostConstants.StoreSection}: {message}"]);
        }
        catch (Exception e)
        {
            logger.LogCritical(e, "Replica crashed");
            await error.WriteLineAsync($"reslab-worker: crashed: {e}");
            return WorkerExitCodes.Crash;
        }
    }

    /// <summary>Starts the host within <c>Store:StartupTimeout</c>; returns an exit code when it did not start.</summary>
    private static async Task<int?> StartAsync(IHost host, ILogger logger, TextWriter error)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var store = host.Services.GetRequiredService<IOptions<StoreOptions>>().Value;

        // The only thing that can hold start-up up is loading the startup state while the store is unreachable.
        using var startup = new CancellationTokenSource(store.StartupTimeout, host.Services.GetRequiredService<TimeProvider>());
        try
        {
            await host.StartAsync(startup.Token);
            return null;
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // SIGTERM while still starting: a clean stop.
            await host.StopAsync(CancellationToken.None);
            return WorkerExitCodes.Clean;
        }
        catch (OperationCanceledException) when (startup.IsCancellationRequested)
        {
            var message = $"the store at {store.Endpoints} was unreachable for Store:StartupTimeout ({store.StartupTimeout}): the startup state could not be loaded. Check that the {store.Kind} server is running and that Store:Endpoints is right.";
            logger.LogCritical("Store unreachable: {Message}", message);
            await error.WriteLineAsync($"reslab-worker: {message}");
            await host.StopAsync(CancellationToken.None);
            return WorkerExitCodes.StoreUnreachable;
        }
    }

    private static int InvalidConfiguration(TextWriter error, IEnumerable<string> problems)
    {
        var list = problems.Distinct(StringComparer.Ordinal).ToList();
        error.WriteLine($"reslab-worker: invalid configuration ({list.Count} problem{(list.Count == 1 ? "" : "s")}):");
        foreach (var problem in list)
        {
            error.WriteLine($"  - {problem}");
        }

        error.WriteLine($"Set these in appsettings.json or as environment variables ({WorkerHostConstants.EnvironmentPrefix}Section__Key, e.g. {WorkerHostConstants.EnvironmentPrefix}{WorkerConstants.ConfigurationSection}__LockTtl=00:00:05); see docs/worker.md.");
        error.Flush();
        return WorkerExitCodes.InvalidConfiguration;
    }

    /// <summary>The store's refusal of this replica's credentials or permissions, however the host wrapped it.</summary>
    private static StoreAccessDeniedException? AccessDenied(Exception e)
    {
        for (Exception? current = e; current is not null; current = current is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : current.InnerException)
        {
            if (current is StoreAccessDeniedException denied)
            {
                return denied;
            }
        }

        return null;
    }

    private static List<string> ValidationFailures(Exception e) => e switch
    {
        OptionsValidationException v => [.. v.Failures],
        AggregateException a when a.InnerExceptions.All(i => i is OptionsValidationException) =>
            [.. a.InnerExceptions.Cast<OptionsValidationException>().SelectMany(v => v.Failures)],
        _ => [],
    };
}
