namespace ResilienceLab.TestSupport;

/// <summary>Paths of repository folders, found by walking up from the test binaries to ResilienceLab.sln.</summary>
public static class RepoPaths
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

        throw new DirectoryNotFoundException($"ResilienceLab.sln not found above {AppContext.BaseDirectory}; set RESLAB_REPO_ROOT to the repository root");
    });

    /// <summary>The repository root (the directory holding ResilienceLab.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>The shipped plans.</summary>
    public static string ChaosPlans => Path.Combine(Root, "chaos-plans");

    /// <summary>The broken plans and the diagnostics each must give.</summary>
    public static string BrokenPlans => Path.Combine(Root, "tests", "plans-broken");

    /// <summary>The plans' JSON Schema.</summary>
    public static string Schema => Path.Combine(ChaosPlans, "schema", "chaos-plan.schema.json");

    /// <summary>A path inside the repository.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The YAML files of <paramref name="directory"/>, in ordinal order.</summary>
    public static IEnumerable<string> YamlFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml").Order(StringComparer.Ordinal);
}
