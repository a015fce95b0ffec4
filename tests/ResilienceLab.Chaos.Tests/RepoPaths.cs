namespace ResilienceLab.Chaos.Tests;

/// <summary>Paths of repository folders, found by walking up from the test binaries to ResilienceLab.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        // RESLAB_REPO_ROOT lets the tests run from binaries built outside the work tree.
        if (Environment.GetEnvironmentVariable("RESLAB_REPO_ROOT") is { Length: > 0 } root)
        {
            return root;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ResilienceLab.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"ResilienceLab.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    public static string ChaosPlans => Path.Combine(Root, "chaos-plans");

    public static string BrokenPlans => Path.Combine(Root, "tests", "plans-broken");

    public static string Schema => Path.Combine(ChaosPlans, "schema", "chaos-plan.schema.json");

    public static IEnumerable<string> YamlFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal);
}
