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

        var time = TimeProvider.System;
        var start = time.GetTimestamp();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout, time);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"reslab-worker did not exit within {timeout}; stdout so far:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new WorkerRunResult(process.ExitCode, await stdout, await stderr, time.GetElapsedTime(start));
    }
}
