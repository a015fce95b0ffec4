using System.Reflection;

namespace ResilienceLab.TestSupport;

/// <summary>
/// reslab-worker.dll from the worker project's own build output, in the configuration the tests were built in. Not a
/// copy next to a test assembly: a test project on the ASP.NET Core shared framework does not get the Hosting
/// assemblies the worker needs copied beside it, and the worker's runtimeconfig asks only for Microsoft.NETCore.App.
/// </summary>
public static class WorkerBinary
{
    public const string FileName = "reslab-worker.dll";

    /// <summary>The worker's path; a <see cref="FileNotFoundException"/> says where it looked and what to build.</summary>
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        var metadata = typeof(WorkerBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var project = metadata.GetValueOrDefault("WorkerProjectDirectory") ?? RepoPaths.InRepo("src", "ResilienceLab.Worker");
        var configuration = metadata.GetValueOrDefault("Configuration") ?? "Release";
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(project, "bin", configuration, "net10.0", FileName));
        return File.Exists(path) && File.Exists(System.IO.Path.ChangeExtension(path, ".runtimeconfig.json"))
            ? path
            : throw new FileNotFoundException($"{FileName} not found at {path}; build src/ResilienceLab.Worker first.");
    }
}
