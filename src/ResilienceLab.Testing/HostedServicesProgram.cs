using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ResilienceLab.Coordination;
using ResilienceLab.History;
using ResilienceLab.Simulation;

namespace ResilienceLab.Testing;

/// <summary>
/// A team's hosted services as one simulated replica: a DI container holding what production's
/// <c>AddEtcdCoordination</c>/<c>AddCoordinationHistory</c> would provide — an instrumented <see cref="ICoordinationBackend"/> on the
/// simulated etcd, the replica's <see cref="CoordinationSessionProvider"/>, its <see cref="HistoryRecorder"/>, the virtual
/// <see cref="TimeProvider"/>, a seeded <see cref="DeterministicRandom"/>, <c>IConfiguration</c> and (silent) logging — plus what the
/// team registers. Each <see cref="BackgroundService"/>'s ExecuteAsync and every other hosted service's StartAsync run on the
/// replica's simulated process, so the service's awaits stay on the simulation's loop.
/// </summary>
internal sealed class HostedServicesProgram : IReplicaProgram, IAsyncDisposable
{
    private static readonly MethodInfo ExecuteAsync = typeof(BackgroundService).GetMethod("ExecuteAsync", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new MissingMethodException(nameof(BackgroundService), "ExecuteAsync");

    private readonly ServiceProvider _provider;
    private readonly CoordinationSessionProvider _sessions;
    private readonly HistoryRecorder _recorder;
    private bool _ready;

    public HostedServicesProgram(SimulatedReplicaContext context, Action<IServiceCollection> configure, IEnumerable<KeyValuePair<string, string?>> settings, TimeSpan ttl)
    {
        var clock = context.Process.Clock;
        _recorder = context.Recorder;
        var backend = context.Backend.WithInstrumentation(clock, _recorder);
        _sessions = new CoordinationSessionProvider(backend, new SessionOptions { Ttl = ttl }, clock, context.Random.Fork("session"));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddInMemoryCollection([new(ServiceSimulationConstants.ReplicaNameKey, context.Name)])
            .Build();

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(backend);
        services.AddSingleton(_sessions);
        services.AddSingleton(_recorder);
        services.AddSingleton(context.Random.Fork("service"));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions();
        configure(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Name = context.Name;
    }

    public string Name { get; }

    public bool Ready => _ready;

    public ICoordinationSession? Session => _sessions.Current;

    /// <summary>An exception a hosted service let escape (in production it would stop the host), or null.</summary>
    public Exception? Crash { get; private set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        _recorder.Event(HistoryOps.ProcessStart);
        var hosted = _provider.GetServices<IHostedService>().ToList();
        var started = new List<IHostedService>();
        var executing = new List<Task>();
        try
        {
            foreach (var service in hosted)
            {
                if (service is BackgroundService background)
                {
                    executing.Add(Guard(Execute(background, stopping), stopping));
                }
                else
                {
                    await service.StartAsync(stopping);
                    started.Add(service);
                }
            }

            _ready = true;
            await Task.WhenAll(executing);
            for (var i = started.Count - 1; i >= 0; i--)
            {
                await started[i].StopAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // A service that throws takes its host down in production; here the replica dies, and the run's service-crash
            // check names the exception (or, when the run could not complete, ServiceSimulation does from Crash).
            Crash ??= e;
            throw;
        }

        // Graceful stop (a killed process never gets here): close the session so peers take over at once.
        await _sessions.CloseAsync(CancellationToken.None);
        _recorder.Event(HistoryOps.ProcessStop);
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();

    private static Task Execute(BackgroundService service, CancellationToken stopping)
    {
        try
        {
            return (Task)ExecuteAsync.Invoke(service, [stopping])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } thrown)
        {
            // ExecuteAsync threw before its first await.
            return Task.FromException(thrown);
        }
    }

    private async Task Guard(Task execute, CancellationToken stopping)
    {
        try
        {
            await execute;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Crash ??= e;
            throw;
        }
    }
}
