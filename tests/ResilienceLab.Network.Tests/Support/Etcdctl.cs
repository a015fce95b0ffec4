using ResilienceLab.Hosting;
using System.Diagnostics;

namespace ResilienceLab.Network.Tests.Support;

/// <summary>Runs <c>etcdctl</c> (API v3) as a child process against one endpoint, with a hard wall-clock limit.</summary>
internal static class Etcdctl
{
    public static async Task<ProcessResult> RunAsync(string endpoint, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(ChildProcess.ResolveProgram("etcdctl") ?? "etcdctl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ETCDCTL_API"] = "3";
        start.ArgumentList.Add($"--endpoints={endpoint}");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var began = TimeProvider.System.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("etcdctl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = false;
        using (var timeout = new CancellationTokenSource(limit, TimeProvider.System))
        {
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr, TimeProvider.System.GetElapsedTime(began), timedOut);
    }
}
