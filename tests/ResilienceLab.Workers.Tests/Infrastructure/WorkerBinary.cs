using System.Reflection;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>Finds reslab-worker.dll: next to the test assembly (the ProjectReference copies it), else in the worker project's own output.</summary>
internal static class WorkerBinary
{
    public const string FileName = "reslab-worker.dll";

    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var candidates = new List<string> { System.IO.Path.Combine(AppContext.BaseDirectory, FileName) };
        var metadata = typeof(WorkerBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        if (metadata.GetValueOrDefault("WorkerProjectDirectory") is { } project && metadata.GetValueOrDefault("Configuration") is { } configuration)
        {
            candidates.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(project, "bin", configuration, "net10.0", FileName)));
        }

        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(System.IO.Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"{FileName} not found (looked at {string.Join(", ", candidates)}); build src/ResilienceLab.Worker first.");
    }
}
