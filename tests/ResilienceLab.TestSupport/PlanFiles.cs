using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.TestSupport;

/// <summary>Loads the repository's shipped plans (chaos-plans/).</summary>
public static class PlanFiles
{
    /// <summary>chaos-plans/.</summary>
    public static string Directory => RepoPaths.ChaosPlans;

    /// <summary>Loads chaos-plans/<paramref name="fileName"/>; fails the test with every diagnostic when it does not load cleanly.</summary>
    public static ChaosPlan Load(string fileName)
    {
        var result = ChaosPlanLoader.LoadFile(Path.Combine(Directory, fileName));
        Assert.True(result.Plan is not null && result.Diagnostics.Count == 0, $"{fileName} does not load cleanly:\n{string.Join("\n", result.Diagnostics)}");
        return result.Plan!;
    }

    /// <summary>Every plan in chaos-plans/ that loads, by file name.</summary>
    public static IEnumerable<(string FileName, ChaosPlan Plan)> LoadAll() =>
        RepoPaths.YamlFiles(Directory)
            .Select(path => (Path.GetFileName(path), ChaosPlanLoader.LoadFile(path).Plan))
            .Where(p => p.Plan is not null)
            .Select(p => (p.Item1, p.Plan!));
}
