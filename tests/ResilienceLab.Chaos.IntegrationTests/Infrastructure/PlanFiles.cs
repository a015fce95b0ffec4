using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.IntegrationTests.Infrastructure;

/// <summary>Finds the repository's chaos-plans/ folder (walking up from the test binaries to ResilienceLab.sln) and loads plans from it.</summary>
internal static class PlanFiles
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

        throw new InvalidOperationException($"ResilienceLab.sln not found above {AppContext.BaseDirectory}; set RESLAB_REPO_ROOT to the repository root");
    });

    public static string Directory => Path.Combine(RootPath.Value, "chaos-plans");

    /// <summary>Loads chaos-plans/<paramref name="fileName"/>; fails the test with every diagnostic when it does not load cleanly.</summary>
    public static ChaosPlan Load(string fileName)
    {
        var result = ChaosPlanLoader.LoadFile(Path.Combine(Directory, fileName));
        Assert.True(result.Plan is not null && result.Diagnostics.Count == 0, $"{fileName} does not load cleanly:\n{string.Join("\n", result.Diagnostics)}");
        return result.Plan!;
    }

    /// <summary>Every plan in chaos-plans/ that loads, by file name.</summary>
    public static IEnumerable<(string FileName, ChaosPlan Plan)> LoadAll() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), ChaosPlanLoader.LoadFile(path).Plan))
            .Where(p => p.Plan is not null)
            .Select(p => (p.Item1, p.Plan!));
}
