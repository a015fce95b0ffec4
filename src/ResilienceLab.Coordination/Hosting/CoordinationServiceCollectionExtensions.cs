using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ResilienceLab.History;

namespace ResilienceLab.Coordination;

/// <summary>
/// The hosting conventions every backend shares. A backend package (<c>AddEtcdCoordination</c>, <c>AddNatsCoordination</c>)
/// calls <see cref="AddCoordinationBackend"/>; a service then injects <see cref="ICoordinationBackend"/> (instrumented:
/// metrics, activities, and history when <see cref="AddCoordinationHistory(IServiceCollection, Action{CoordinationHistoryOptions})"/> was called) and
/// <see cref="CoordinationSessionProvider"/> (its one session, closed when the host stops).
/// </summary>
public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="createBackend"/>'s backend, instrumented, and the service's session with its lifecycle tied to
    /// the host: register it before your own hosted services, so that it stops after them (they release their locks first,
    /// then the session is closed and anything left is freed at once). Session options come from
    /// <paramref name="sessionOptions"/>, validated on start. A <see cref="TimeProvider"/> in the container is used (else the
    /// system clock).
    /// </summary>
    public static IServiceCollection AddCoordinationBackend(this IServiceCollection services, Func<IServiceProvider, ICoordinationBackend> createBackend, OptionsBuilder<SessionOptions>? sessionOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(createBackend);
        (sessionOptions ?? services.AddOptions<SessionOptions>()).Validate(ValidSession, "SessionOptions are invalid: the TTL must be 1 s to 1 day and the keep-alive interval positive and shorter than the TTL.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => createBackend(sp).WithInstrumentation(sp.GetRequiredService<TimeProvider>(), sp.GetService<HistoryRecorder>()));
        services.AddSingleton(sp => new CoordinationSessionProvider(
            sp.GetRequiredService<ICoordinationBackend>(),
            sp.GetRequiredService<IOptions<SessionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            new DeterministicRandom(Environment.ProcessId)));
        services.AddHostedService<CoordinationSessionLifetime>();
        return services;
    }

    /// <summary>
    /// Registers the history sink the primitives record to (<see cref="CoordinationHistoryOptions.Sink"/>: a JSON Lines file,
    /// standard output, or none) and the <see cref="HistoryRecorder"/> that stamps entries with this process's name. Domain
    /// events a service records itself go through the same recorder, so entries are numbered once per process.
    /// </summary>
    public static IServiceCollection AddCoordinationHistory(this IServiceCollection services, Action<CoordinationHistoryOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCoordinationHistory(services.AddOptions<CoordinationHistoryOptions>().Configure(configure));
    }

    /// <summary>As <see cref="AddCoordinationHistory(IServiceCollection, Action{CoordinationHistoryOptions})"/>, with options bound by the caller (e.g. <c>.BindConfiguration("History")</c>).</summary>
    public static IServiceCollection AddCoordinationHistory(this IServiceCollection services, OptionsBuilder<CoordinationHistoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate(o => o.GetValidationErrors().Count == 0, "CoordinationHistoryOptions are invalid: a File sink needs a Path, and the process name must not be empty.").ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHistorySink>(sp => sp.GetRequiredService<IOptions<CoordinationHistoryOptions>>().Value.CreateSink());
        services.TryAddSingleton(sp => new HistoryRecorder(
            sp.GetRequiredService<IHistorySink>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<CoordinationHistoryOptions>>().Value.ProcessName));
        return services;
    }

    private static bool ValidSession(SessionOptions options)
    {
        try
        {
            options.Validate();
            return true;
        }
        catch (System.ComponentModel.DataAnnotations.ValidationException)
        {
            return false;
        }
    }
}
