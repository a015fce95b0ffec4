using System.Reflection;
using Microsoft.Extensions.Configuration;
using ResilienceLab.Workers;

namespace ResilienceLab.Worker;

/// <summary>
/// Checks the whole configuration before the host is built, so that an invalid one is reported completely —
/// values that do not parse, keys that match no setting (a misspelt <c>RESLAB_…</c> variable would otherwise be
/// ignored silently), and every validation rule of every section — rather than one exception at a time.
/// </summary>
internal static class WorkerConfigurationCheck
{
    /// <summary>Every problem, one line each, prefixed with its configuration path.</summary>
    public static IReadOnlyList<string> Errors(IConfiguration configuration)
    {
        var errors = new List<string>();
        var replica = Bind<ReplicaOptions>(configuration, WorkerConstants.ConfigurationSection, errors);
        var store = Bind<StoreOptions>(configuration, WorkerHostConstants.StoreSection, errors);
        var host = Bind<WorkerHostOptions>(configuration, WorkerHostConstants.HostSection, errors);
        var health = Bind<HealthEndpointOptions>(configuration, HealthEndpointConstants.Section, errors);
        if (replica is not null)
        {
            errors.AddRange(ReplicaOptionsValidator.Errors(replica));
        }

        if (store is not null)
        {
            errors.AddRange(StoreOptionsValidator.Errors(store));
        }

        if (health is not null)
        {
            errors.AddRange(HealthEndpointOptionsValidator.Errors(health));
        }

        errors.AddRange(WorkerTelemetry.Errors(configuration));
        if (host is not null && (host.ShutdownTimeout <= TimeSpan.Zero || host.ShutdownTimeout > TimeSpan.FromMinutes(10)))
        {
            errors.Add($"{WorkerHostConstants.HostSection}:ShutdownTimeout: {host.ShutdownTimeout} is out of range; it must be positive and at most 00:10:00.");
        }

        return errors;
    }

    private static T? Bind<T>(IConfiguration configuration, string sectionName, List<string> errors)
        where T : class, new()
    {
        var section = configuration.GetSection(sectionName);
        UnknownKeys(section, typeof(T), errors);
        var options = new T();
        try
        {
            section.Bind(options);
            return options;
        }
        catch (InvalidOperationException e)
        {
            // The binder stops at the first value that does not convert; name the key and the expected form.
            errors.Add($"{sectionName}: {e.Message}{(e.InnerException is { } inner ? " " + inner.Message : "")} (TimeSpan values look like 00:00:02 or 00:00:00.250.)");
            return null;
        }
    }

    private static void UnknownKeys(IConfigurationSection section, Type type, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                var known = string.Join(", ", type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name));
                errors.Add($"{child.Path}: no such setting (env {WorkerHostConstants.EnvironmentPrefix}{child.Path.Replace(":", "__", StringComparison.Ordinal)}); known settings of {section.Path}: {known}.");
            }
            else if (IsSection(property.PropertyType))
            {
                UnknownKeys(child, property.PropertyType, errors);
            }
        }
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("ResilienceLab", StringComparison.Ordinal) == true;
}
