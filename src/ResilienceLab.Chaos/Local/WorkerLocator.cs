namespace ResilienceLab.Chaos.Local;

/// <summary>
/// Finds the replica executable <c>reslab-worker.dll</c>: the <c>RESLAB_WORKER_PATH</c> variable, next to the running
/// program (the CLI and the test projects reference the worker project, which copies it there), or the worker
/// project's own build output above the current directory.
/// </summary>
public static class WorkerLocator
{
    public const string FileName = "reslab-worker.dll";
    public const string EnvironmentVariable = "RESLAB_WORKER_PATH";

    /// <summary>The worker's path, or a <see cref="FileNotFoundException"/> that says where it looked and what to do.</summary>
    public static string Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        candidates.Add(Path.Combine(AppContext.BaseDirectory, FileName));
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in new[] { "Release", "Debug" })
            {
                candidates.Add(Path.Combine(dir.FullName, "src", "ResilienceLab.Worker", "bin", configuration, "net10.0", FileName));
            }
        }

        return candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")))
            ?? throw new FileNotFoundException($"{FileName} not found (looked at {string.Join(", ", candidates.Take(4))}, …); build src/ResilienceLab.Worker or set {EnvironmentVariable}.");
    }
}
