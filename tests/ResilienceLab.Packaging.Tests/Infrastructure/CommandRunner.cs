using ResilienceLab.Hosting;
using System.Diagnostics;

namespace ResilienceLab.Packaging.Tests.Infrastructure;

/// <summary>
/// Runs a command as a child process with a hard wall-clock limit, capturing its output. The child does not inherit
/// the MSBuild variables of the <c>dotnet test</c> that runs us, so a nested <c>dotnet pack</c> or <c>dotnet build</c>
/// behaves as it would in a shell.
/// </summary>
internal static class CommandRunner
{
    /// <summary>The dotnet host running these tests (set by <c>dotnet test</c>), else <c>dotnet</c> from PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>
    /// Runs <paramref name="fileName"/> in <paramref name="workingDirectory"/>. <paramref name="lowPriority"/> runs it
    /// under <c>nice</c>: builds and packs here must not starve the timing-sensitive suites that run beside this one.
    /// </summary>
    public static async Task<CommandResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        TimeSpan limit,
        IReadOnlyDictionary<string, string?>? environment = null,
        bool lowPriority = false)
    {
        var argumentList = arguments.ToList();
        var info = new ProcessStartInfo
        {
            FileName = lowPriority ? "nice" : fileName,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (lowPriority)
        {
            info.ArgumentList.Add("-n");
            info.ArgumentList.Add("10");
            info.ArgumentList.Add(fileName);
        }

        foreach (var argument in argumentList)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var inherited in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(inherited);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        var command = $"{fileName} {string.Join(' ', argumentList)}";
        var result = await ChildProcess.RunAsync(info, limit);
        if (result.TimedOut)
        {
            throw new TimeoutException(new CommandResult(command, -1, result.Output, result.Error, result.Elapsed) + $"\n(killed after the limit of {limit})");
        }

        return new CommandResult(command, result.ExitCode, result.Output, result.Error, result.Elapsed);
    }
}
