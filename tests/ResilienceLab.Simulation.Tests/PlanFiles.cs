using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Simulation.Tests;

/// <summary>Finds and loads the plans in the repository's chaos-plans/ folder.</summary>
internal static class PlanFiles
{
    public static string Directory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !System.IO.Directory.Exists(Path.Combine(dir.FullName, "chaos-plans")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("chaos-plans/ not found above the test assembly"), "chaos-plans");
        }
    }

    public static ChaosPlan Load(string name)
    {
        var result = ChaosPlanLoader.LoadFile(Path.Combine(Directory, name));
        Assert.True(result.Plan is not null, string.Join("\n", result.Diagnostics));
        return result.Plan!;
    }
}
