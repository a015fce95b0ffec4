using System.Reflection;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>Where the repository and the worker binary are.</summary>
internal static class RepoPaths
{
    public const string WorkerFileName = "reslab-worker.dll";

    private static readonly Dictionary<string, string?> Metadata = typeof(RepoPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);

    /// <summary>The repository root (the directory holding ResilienceLab.sln).</summary>
    public static string Root { get; } = LocateRoot();

    /// <summary>
    /// reslab-worker.dll from the worker project's own output (built by the ProjectReference). Not the copy next to
    /// the tests: this project uses the ASP.NET Core shared framework, so the Hosting assemblies the worker needs are
    /// not copied here, and the worker's runtimeconfig asks only for Microsoft.NETCore.App.
    /// </summary>
    public static string Worker { get; } = LocateWorker();

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string LocateRoot()
    {
        if (Metadata.GetValueOrDefault("RepositoryRoot") is { } root && File.Exists(Path.Combine(root, "ResilienceLab.sln")))
        {
            return Path.GetFullPath(root);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResilienceLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("ResilienceLab.sln not found above " + AppContext.BaseDirectory);
    }

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
