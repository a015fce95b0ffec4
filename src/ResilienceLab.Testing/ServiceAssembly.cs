using System.Reflection;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ResilienceLab.Testing;

/// <summary>
/// Loads a team's <see cref="IServiceSimulationSetup"/> from a built assembly (<c>reslab simulate --service</c>). The
/// assembly and its own dependencies load in a context of their own; everything the running program already has — the
/// coordination packages, this harness, Microsoft.Extensions — is shared, so the service's registrations and the
/// simulation agree on every type.
/// </summary>
public static class ServiceAssembly
{
    /// <summary>
    /// The setup in <paramref name="path"/>: its one public <see cref="IServiceSimulationSetup"/>, or the one named
    /// <paramref name="typeName"/> (full name) when it has several.
    /// </summary>
    /// <exception cref="ArgumentException">The file is missing or not an assembly, or the setup type is missing, ambiguous or cannot be created.</exception>
    public static IServiceSimulationSetup LoadSetup(string path, string? typeName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ArgumentException($"{path}: no such assembly; build the project that holds your IServiceSimulationSetup (e.g. your simulation tests) and give its .dll");
        }

        Assembly assembly;
        Type[] types;
        try
        {
            assembly = new ServiceLoadContext(full).LoadFromAssemblyPath(full);
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException)
        {
            throw new ArgumentException($"{path}: cannot be loaded as a .NET assembly with its dependencies: {e.Message}", e);
        }

        var setups = types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IServiceSimulationSetup).IsAssignableFrom(t) && (typeName is null || t.FullName == typeName)).ToList();
        var type = setups.Count switch
        {
            1 => setups[0],
            0 => throw new ArgumentException(typeName is null
                ? $"{path}: no public class implements {nameof(IServiceSimulationSetup)}; add one that registers your hosted services (docs/your-service.md)"
                : $"{path}: no public class {typeName} implementing {nameof(IServiceSimulationSetup)}"),
            _ => throw new ArgumentException($"{path}: several classes implement {nameof(IServiceSimulationSetup)} ({string.Join(", ", setups.Select(t => t.FullName))}); name one: --service {path}:<full type name>"),
        };
        try
        {
            return (IServiceSimulationSetup)Activator.CreateInstance(type)!;
        }
        catch (Exception e) when (e is MissingMethodException or TargetInvocationException)
        {
            throw new ArgumentException($"{type.FullName}: cannot be created (it needs a public parameterless constructor that does not throw): {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>The registration <see cref="ServiceSimulation"/> takes, calling <paramref name="setup"/> with the replica's configuration.</summary>
    public static Action<IServiceCollection> Registration(IServiceSimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return services => setup.ConfigureReplica(services, (IConfiguration)services.Last(d => d.ServiceType == typeof(IConfiguration)).ImplementationInstance!);
    }

    /// <summary>The service's own dependencies from its deps.json; whatever the default context can load is shared with it.</summary>
    private sealed class ServiceLoadContext(string path) : AssemblyLoadContext($"service:{Path.GetFileName(path)}")
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            try
            {
                // Shared types first: two copies of ResilienceLab.Coordination would make the service's primitives
                // strangers to the simulation's.
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (FileNotFoundException)
            {
                return _resolver.ResolveAssemblyToPath(assemblyName) is { } resolved ? LoadFromAssemblyPath(resolved) : null;
            }
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } resolved ? LoadUnmanagedDllFromPath(resolved) : IntPtr.Zero;
    }
}
