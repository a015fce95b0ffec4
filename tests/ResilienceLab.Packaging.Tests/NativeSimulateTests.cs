using System.Text.RegularExpressions;
using ResilienceLab.Packaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Packaging.Tests;

/// <summary>
/// The README's main command, <c>bash eng/reslab.sh simulate …</c>, runs `simulate` natively compiled (eng/native). It
/// must be the same command as the JIT build's: the same exit codes, and byte for byte the same histories and reports
/// (timings aside) for passing and failing plans, which also proves the reports' JSON is written without reflection.
/// </summary>
public sealed partial class NativeSimulateTests(NativeSimulateTests.NativeBuild build, ITestOutputHelper output) : IClassFixture<NativeSimulateTests.NativeBuild>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    private static string JitReslab => RepoPaths.InRepo("src", "ResilienceLab.Cli", "bin", PackedFeed.Configuration, "net10.0", "reslab");

    [Theory(Timeout = 20 * 60 * 1000)]
    [InlineData("simulation-smoke.yaml", 0)]
    [InlineData("partitioned-lock-holder.yaml", 0)]
    [InlineData("unsafe-counter-lost-updates.yaml", 1)]
    public async Task EngReslabSimulate_ExamplePlan_RunsNativelyWithTheJitBuildsExitCodeHistoriesAndReports(string plan, int exitCode)
    {
        await build.ReadyAsync();
        var root = Directory.CreateTempSubdirectory("reslab-native-").FullName;
        try
        {
            string[] arguments = ["simulate", Path.Combine(RepoPaths.ChaosPlans, plan), "--seeds", "3", "--parallel", "1", "--keep-going"];
            var native = await RunAsync("bash", [RepoPaths.InRepo("eng", "reslab.sh"), .. arguments, "--report", Path.Combine(root, "native")]);
            var jit = await RunAsync(JitReslab, [.. arguments, "--report", Path.Combine(root, "jit")]);

            Assert.True(native.ExitCode == exitCode, native.ToString());
            Assert.True(jit.ExitCode == exitCode, jit.ToString());
            Assert.Contains("JIT 0.00 s of CPU (0 method compilations)", native.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain("(0 method compilations)", jit.Stdout, StringComparison.Ordinal);
            var nativeFiles = Files(Path.Combine(root, "native"));
            var jitFiles = Files(Path.Combine(root, "jit"));
            Assert.Equal(jitFiles.Keys, nativeFiles.Keys);
            Assert.Contains("history.jsonl", jitFiles.Keys);
            Assert.Contains("report.json", jitFiles.Keys);
            Assert.Contains("runs.json", jitFiles.Keys);
            foreach (var (name, text) in jitFiles)
            {
                Assert.True(text == nativeFiles[name], $"{name} differs between the JIT and the native build");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact(Timeout = 20 * 60 * 1000)]
    public async Task EngReslabSimulate_WithService_RunsTheJitBuildWhichLoadsAssemblies()
    {
        await build.ReadyAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-service-{Guid.NewGuid():N}.dll");

        var result = await RunAsync("bash", [RepoPaths.InRepo("eng", "reslab.sh"), "simulate", Path.Combine(RepoPaths.ChaosPlans, "simulation-smoke.yaml"), "--service", missing]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("natively compiled", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact(Timeout = 20 * 60 * 1000)]
    public async Task NativeReslab_Service_SaysItCannotLoadAnAssemblyAndRunsNothing()
    {
        await build.ReadyAsync();

        var result = await RunAsync(build.Path, ["simulate", Path.Combine(RepoPaths.ChaosPlans, "simulation-smoke.yaml"), "--service", "Team.Simulation.dll"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--service loads your assembly at run time, which this natively compiled reslab cannot do", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("simulating", result.Stdout, StringComparison.Ordinal);
    }

    private async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> arguments)
    {
        var result = await CommandRunner.RunAsync(fileName, arguments, RepoPaths.Root, Limit);
        output.WriteLine(result.ToString());
        return result;
    }

    /// <summary>Every file of a report directory by relative path, with what differs from run to run (check timings, the directory) masked.</summary>
    private static SortedDictionary<string, string> Files(string directory)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(path).Replace(directory, "REPORT", StringComparison.Ordinal);
            files[Path.GetRelativePath(directory, path)] = Timing().Replace(text, "TIME");
        }

        return files;
    }

    // A check's elapsed time: "elapsedMilliseconds": 28.49 (report.json), <td>28 ms</td> (report.html), time="0.028" (junit.xml).
    [GeneratedRegex(@"(?<=""elapsedMilliseconds"": )[0-9.]+|(?<=<td>)[0-9]+(?= ms</td>)|(?<=time="")[0-9.]+(?="")", RegexOptions.CultureInvariant)]
    private static partial Regex Timing();

    /// <summary>Builds the native reslab once, through eng/reslab.sh as the README's command does, before the tests run it.</summary>
    public sealed class NativeBuild
    {
        private readonly Lazy<Task> _ready = new(BuildAsync);

        public string Path => RepoPaths.InRepo("eng", "native", "bin", "publish", "reslab");

        public Task ReadyAsync() => _ready.Value;

        private static async Task BuildAsync()
        {
            var result = await CommandRunner.RunAsync("bash", [RepoPaths.InRepo("eng", "reslab.sh"), "simulate", "--help"], RepoPaths.Root, Limit);
            if (result.ExitCode != 0 || result.Stderr.Contains("native build failed", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"eng/reslab.sh could not build the native reslab:\n{result}");
            }
        }
    }
}
