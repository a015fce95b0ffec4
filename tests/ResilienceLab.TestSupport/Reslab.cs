using System.Diagnostics;
using ResilienceLab.Hosting;

namespace ResilienceLab.TestSupport;

/// <summary>The CLI, <c>reslab.dll</c> next to the test assembly (a project reference copies it), as a real child process.</summary>
public static class Reslab
{
    /// <summary>Starts <c>dotnet reslab.dll ARGUMENTS</c> with <paramref name="environment"/> added to this process's.</summary>
    public static ChildProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int outputLinesKept = 500) =>
        ChildProcess.Start(StartInfo(arguments, environment), new ChildProcessOptions { OutputLinesKept = outputLinesKept });

    /// <summary>Runs <c>dotnet reslab.dll ARGUMENTS</c> to its end (killed after <paramref name="limit"/>).</summary>
    public static Task<ChildProcessResult> RunAsync(IEnumerable<string> arguments, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null) =>
        ChildProcess.RunAsync(StartInfo(arguments, environment), limit);

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reslab.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
