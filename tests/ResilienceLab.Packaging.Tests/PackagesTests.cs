using System.Text;
using ResilienceLab.Packaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ResilienceLab.Packaging.Tests;

[Collection(PackedFeedCollection.Name)]
public sealed class PackagesTests(PackedFeed feed, ITestOutputHelper output)
{
    /// <summary>Ships inside the reslab tool package (and the Docker image), not as a package of its own.</summary>
    private const string WorkerProject = "ResilienceLab.Worker";

    private const string ToolProject = "ResilienceLab.Cli";

    [Fact]
    public void Pack_EveryProjectUnderSrc_ShipsDescriptionReadmeLicenseAndMatchingSymbols()
    {
        output.WriteLine($"packed {feed.Packages.Count} files at version {feed.Version} in {feed.Pack.Duration.TotalSeconds:0.0} s");
        var table = new StringBuilder("| package | public types | .nupkg size |\n|---|---:|---:|\n");
        var projects = PackedFeed.SourceProjects();
        Assert.Contains("ResilienceLab.Coordination", projects);
        foreach (var project in projects)
        {
            if (project == WorkerProject)
            {
                Assert.DoesNotContain(feed.Packages, p => p.Id == project);
                continue;
            }

            var package = feed.Package(project);
            Assert.Equal(feed.Version, package.Version);
            Assert.Equal("MIT", package.Field("license"));
            Assert.Equal("expression", package.Attribute("license", "type"));
            Assert.Equal(feed.Commit, package.Attribute("repository", "commit"));
            var description = package.Field("description");
            Assert.False(string.IsNullOrWhiteSpace(description) || description == "Package Description", $"{project} has no description.");
            Assert.Equal("README.md", package.Field("readme"));
            Assert.StartsWith("# ", Encoding.UTF8.GetString(package.Read("README.md")), StringComparison.Ordinal);

            var (assemblyEntry, pdbEntry) = project == ToolProject
                ? ("tools/net10.0/any/reslab.dll", "tools/net10.0/any/reslab.pdb")
                : ($"lib/net10.0/{project}.dll", $"lib/net10.0/{project}.pdb");
            var assembly = package.Read(assemblyEntry);
            var symbols = feed.Symbols(project);
            Assert.True(symbols is not null, $"{project} has no .snupkg");
            Assert.Equal(feed.Version, symbols.Version);
            var (pdbId, documents) = AssemblyFacts.Pdb(symbols.Read(pdbEntry));
            Assert.Equal(AssemblyFacts.SymbolsId(assembly), pdbId);
            Assert.NotEmpty(documents);
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                // ContinuousIntegrationBuild: no path of the build machine in the symbols, only the mapped source root.
                Assert.All(documents, d => Assert.StartsWith("/_/", d, StringComparison.Ordinal));
            }

            table.AppendLine($"| {project} | {AssemblyFacts.PublicTypeCount(assembly)} | {package.Size / 1024.0:0.0} KiB |");
        }

        output.WriteLine(table.ToString());
    }
}
