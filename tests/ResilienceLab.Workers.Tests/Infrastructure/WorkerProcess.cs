using ResilienceLab.Hosting;
using System.Diagnostics;

namespace ResilienceLab.Workers.Tests.Infrastructure;

/// <summary>What one run of the worker executable printed and how it ended.</summary>
internal sealed record WorkerRunResult(int ExitCode, string Stdout, string Stderr, TimeSpan Duration);

/// <summary>Runs reslab-worker once, with exactly the given RESLAB_* and OTEL_* variables, and waits for it to exit.</summary>
internal static class WorkerProcess
{
    public static async Task<WorkerRunResult> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo
        {
            FileName = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(WorkerBinary.Path);
        // OTEL_* too: an exporter endpoint inherited from the developer's shell must not make a test send telemetry anywhere.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("RESLAB_", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal) || k == "POD_NAME").ToList())
        {
            info.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var result = await ChildProcess.RunAsync(info, timeout);
        if (result.TimedOut)
        {
            throw new TimeoutException($"reslab-worker did not exit within {timeout}; stdout so far:\n{result.Output}\nstderr:\n{result.Error}");
        }

        return new WorkerRunResult(result.ExitCode, result.Output, result.Error, result.Elapsed);
    }
}
