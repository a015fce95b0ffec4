namespace ResilienceLab.Network.Tests.Support;

/// <summary>Finds executables on PATH (CI installs etcd and etcdctl; a developer machine may not have them).</summary>
internal static class ExternalTools
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
