using System.Reflection;
using System.Runtime.InteropServices;

namespace ResilienceLab.Packaging.Tests.Infrastructure;

/// <summary>
/// Packs every project under src/ once, into a local feed in a temp folder, as a team's CI would publish them; the
/// tests then use the packages only from that feed. The built projects are packed without rebuilding them (the test
/// project references ResilienceLab.Cli, so they are built first in the tests' own configuration). Nothing the build
/// produced is rewritten: the packages go to the temp feed, and beside the build output the pack writes only its
/// manifests under obj/ and the tool's publish folder (src/ResilienceLab.Cli/bin/&lt;configuration&gt;/net10.0/publish/),
/// which nothing else reads. Packing the built output instead of rebuilding keeps the check at seconds of CPU, which
/// matters on a 2-core machine where the timing-sensitive suites run beside this one.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>A limit no healthy run comes near, even on this 2-core machine while other suites build.</summary>
    internal static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(8);

    private readonly Lazy<Task<string>> _tool;

    public PackedFeed()
    {
        _tool = new Lazy<Task<string>>(InstallToolAsync);
    }

    /// <summary>The temp folder of this run (feed, installed tool, consumer project); deleted afterwards.</summary>
    internal string Root { get; } = Directory.CreateTempSubdirectory("reslab-packaging-").FullName;

    internal string Feed => Path.Combine(Root, "feed");

    /// <summary>The configuration these tests were built in, which is the one packed.</summary>
    internal static string Configuration =>
        typeof(PackedFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The version MinVer gave the packages (every package has the same one).</summary>
    internal string Version { get; private set; } = string.Empty;

    /// <summary>The commit the packages were built from.</summary>
    internal string Commit { get; private set; } = string.Empty;

    internal CommandResult Pack { get; private set; } = null!;

    internal IReadOnlyList<PackageFile> Packages { get; private set; } = [];

    /// <summary>The installed tool's <c>reslab</c> command (installed once, on first use).</summary>
    internal Task<string> ToolAsync() => _tool.Value;

    /// <summary>The name of every project under src/ (each folder holds one .csproj of that name).</summary>
    internal static IReadOnlyList<string> SourceProjects() =>
        [.. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Order(StringComparer.Ordinal)];

    internal PackageFile Package(string id) =>
        Packages.SingleOrDefault(p => p.Id == id && p.Path.EndsWith(".nupkg", StringComparison.Ordinal))
            ?? throw new FileNotFoundException($"the feed has no package {id}; it has {string.Join(", ", Packages.Select(p => System.IO.Path.GetFileName(p.Path)))}.");

    internal PackageFile? Symbols(string id) =>
        Packages.SingleOrDefault(p => p.Id == id && p.Path.EndsWith(".snupkg", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        var git = await CommandRunner.RunAsync("git", ["rev-parse", "HEAD"], RepoPaths.Root, TimeSpan.FromMinutes(1));
        Commit = git.ExitCode == 0 ? git.Stdout.Trim() : throw new InvalidOperationException(git.ToString());

        Pack = await CommandRunner.RunAsync(
            CommandRunner.Dotnet,
            ["pack", Path.Combine(RepoPaths.Root, "ResilienceLab.sln"), "-c", Configuration, "--no-build", "-o", Feed,
             "-warnaserror", "-nodeReuse:false", "-m:1", "-v:minimal", "-clp:NoSummary"],
            RepoPaths.Root,
            CommandLimit,
            lowPriority: true);
        if (Pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"packing failed (build the solution in {Configuration} first):\n{Pack}");
        }

        Packages = [.. Directory.EnumerateFiles(Feed).Order(StringComparer.Ordinal).Select(PackageFile.Open)];
        Version = Package("ResilienceLab.Cli").Version;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process the run started may still hold a file for a moment; the temp folder is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }

    /// <summary>`dotnet tool install` from the feed into a tool path of this run, as the README tells a team to.</summary>
    private async Task<string> InstallToolAsync()
    {
        var toolPath = Path.Combine(Root, "tools");
        var install = await CommandRunner.RunAsync(
            CommandRunner.Dotnet,
            ["tool", "install", "ResilienceLab.Cli", "--tool-path", toolPath, "--add-source", Feed, "--version", Version],
            Root,
            CommandLimit);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"installing the tool failed:\n{install}");
        }

        var command = Path.Combine(toolPath, RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "reslab.exe" : "reslab");
        return File.Exists(command) ? command : throw new FileNotFoundException($"the tool installed no {command}:\n{install}");
    }
}
