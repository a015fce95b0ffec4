using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace ResilienceLab.Kubernetes.Tests.Deployment;

/// <summary>No Docker engine runs here: the Dockerfile's structure is checked instead (stages, user, what it publishes).</summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = Instructions(File.ReadAllText(RepoPaths.InRepo("Dockerfile")));

    [Fact]
    public void Stages_BuildWithTheSdkAndRunOnTheAspNetCoreRuntimeTheWorkerNeeds()
    {
        var stages = Lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/sdk:\$\{DOTNET_VERSION\} AS build$", stages[0]);
        // The worker's health endpoint is Kestrel (FrameworkReference Microsoft.AspNetCore.App): the plain runtime image lacks it.
        Assert.Contains("Microsoft.AspNetCore.App", File.ReadAllText(RepoPaths.InRepo("src/ResilienceLab.Worker/ResilienceLab.Worker.csproj")), StringComparison.Ordinal);
        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:\$\{DOTNET_VERSION\} AS runtime$", stages[1]);
        Assert.Contains("ARG DOTNET_VERSION=10.0", Lines);
    }

    [Fact]
    public void FinalStage_RunsAsANumericNonRootUser()
    {
        var user = FinalStage().Last(l => l.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();

        Assert.True(int.TryParse(user, out var uid) && uid > 0, $"USER {user} must be a numeric non-root uid (Kubernetes' runAsNonRoot can only verify a numeric one)");
        Assert.Equal(1654, uid);
    }

    [Fact]
    public void Publish_TheWorkerAndTheCliProjectsThatExist()
    {
        var published = PublishRegex().Matches(string.Join('\n', Lines)).Select(m => (Project: m.Groups[1].Value, Output: m.Groups[2].Value)).ToList();

        Assert.Equal(["src/ResilienceLab.Worker/ResilienceLab.Worker.csproj", "src/ResilienceLab.Cli/ResilienceLab.Cli.csproj"], published.Select(p => p.Project));
        Assert.All(published, p => Assert.True(File.Exists(RepoPaths.InRepo(p.Project)), $"{p.Project} does not exist"));
        Assert.Equal(["/out/worker", "/out/reslab"], published.Select(p => p.Output));
        Assert.All(published, p => Assert.Contains(FinalStage(), l => l.StartsWith($"COPY --from=build {p.Output} ", StringComparison.Ordinal)));
    }

    [Fact]
    public void EntryPoint_IsTheWorkerAndTheCliIsOnThePath()
    {
        var final = FinalStage();

        Assert.Equal("ENTRYPOINT [\"/app/worker/reslab-worker\"]", final.Last(l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal)));
        Assert.Equal("reslab-worker", AssemblyName("src/ResilienceLab.Worker/ResilienceLab.Worker.csproj"));
        Assert.Equal("reslab", AssemblyName("src/ResilienceLab.Cli/ResilienceLab.Cli.csproj"));
        Assert.Contains(final, l => l.Contains("ln -s /app/reslab/reslab /usr/local/bin/reslab", StringComparison.Ordinal));
    }

    [Fact]
    public void FinalStage_PrintsTheHistoryOnStdoutAndKeepsAReadyFile()
    {
        var env = string.Join(' ', FinalStage().Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)));

        Assert.Contains($"{KubernetesTargetConstants.HistoryPathVariable}={KubernetesTargetConstants.HistoryStdoutPath}", env, StringComparison.Ordinal);
        Assert.Contains("RESLAB_Replica__ReadyFile=/tmp/reslab-ready", env, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildContext_LeavesLocalBuildOutputOut()
    {
        var ignored = File.ReadAllLines(RepoPaths.InRepo(".dockerignore")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("**/bin/", ignored);
        Assert.Contains("**/obj/", ignored);
    }

    /// <summary>The instructions, continuation lines joined, comments and blank lines dropped.</summary>
    private static string[] Instructions(string text) =>
        [.. Regex.Replace(text, @"\\\r?\n", " ").Split('\n')
            .Select(l => Regex.Replace(l.Trim(), @"\s+", " "))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))];

    private static List<string> FinalStage() => [.. Lines.SkipWhile(l => !l.EndsWith(" AS runtime", StringComparison.Ordinal))];

    private static string? AssemblyName(string project) =>
        XDocument.Load(RepoPaths.InRepo(project)).Descendants("AssemblyName").SingleOrDefault()?.Value;

    [GeneratedRegex(@"dotnet publish (\S+\.csproj) -c Release -o (\S+)")]
    private static partial Regex PublishRegex();
}
