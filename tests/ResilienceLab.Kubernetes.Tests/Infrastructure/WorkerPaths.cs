using System.Reflection;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>Where the worker binary is (the repository itself: <see cref="TestSupport.RepoPaths"/>).</summary>
internal static class WorkerPaths
{
    public const string WorkerFileName = "reslab-worker.dll";

    private static readonly Dictionary<string, string?> Metadata = typeof(WorkerPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);

    /// <summary>
    /// reslab-worker.dll from the worker project's own output (built by the ProjectReference). Not the copy next to
    /// the tests: this project uses the ASP.NET Core shared framework, so the Hosting assemblies the worker needs are
    /// not copied here, and the worker's runtimeconfig asks only for Microsoft.NETCore.App.
    /// </summary>
    public static string Worker { get; } = LocateWorker();

    private static string LocateWorker()
    {
        var candidates = new List<string>();
        if (Metadata.GetValueOrDefault("WorkerProjectDirectory") is { } project && Metadata.GetValueOrDefault("Configuration") is { } configuration)
        {
            candidates.Add(Path.GetFullPath(Path.Combine(project, "bin", configuration, "net10.0", WorkerFileName)));
        }

        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"{WorkerFileName} not found (looked at {string.Join(", ", candidates)}); build src/ResilienceLab.Worker first.");
    }
}
