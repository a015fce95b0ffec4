namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>Whether the etcd server binary the local target starts is on PATH.</summary>
internal static class EtcdBinary
{
    public const string SkipReason = "etcd is not on PATH: install it (Debian: apt-get install etcd-server etcd-client) to run the local chaos plans";

    private static readonly Lazy<bool> Installed = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "etcd"))));

    public static bool IsInstalled => Installed.Value;
}
