namespace ResilienceLab.Benchmarks.Tests;

/// <summary>
/// The benchmark times the README's main command as the README runs it, so the runtime environment it gives the process
/// is the one eng/reslab.sh exports, and the README's main command goes through that script.
/// </summary>
public sealed class ReadmeCommandTests
{
    [Fact]
    public void ReadmeCommandEnvironment_EngReslabScript_ExportsEveryVariableWithTheSameValueUnlessAlreadySet()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Root, "eng", "reslab.sh"));

        Assert.NotEmpty(BenchmarkConstants.ReadmeCommandEnvironment);
        foreach (var (name, value) in BenchmarkConstants.ReadmeCommandEnvironment)
        {
            Assert.Contains($"export {name}=\"${{{name}:-{value}}}\"", script, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_MainCommand_RunsTheSmokePlanThroughEngReslab()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));

        Assert.Contains($"bash eng/reslab.sh simulate {BenchmarkConstants.SmokePlanPath} --seeds {BenchmarkConstants.FullSimulateCommandSeeds} ", readme, StringComparison.Ordinal);
    }
}
