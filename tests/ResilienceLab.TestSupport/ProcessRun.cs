using System.Collections.Concurrent;
using System.Diagnostics;
using ResilienceLab.Hosting;

namespace ResilienceLab.TestSupport;

/// <summary>Runs a child to its end on the one process host (<see cref="ChildProcess"/>), killing it after a hard wall-clock limit.</summary>
public static class ProcessRun
{
    /// <summary>Runs <paramref name="info"/> (arguments in its ArgumentList) and returns how it ended, with its stdout and stderr.</summary>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo info, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(info);
        var time = TimeProvider.System;
        var began = time.GetTimestamp();
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        using var process = ChildProcess.Start(info, new ChildProcessOptions { OnOutput = (line, isError) => (isError ? errors : output).Enqueue(line) });
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync().WaitAsync(limit, time);
        }
        catch (TimeoutException)
        {
            timedOut = true;
            await process.KillAsync();
        }

        return new ProcessResult(process.ExitCode ?? -1, string.Join('\n', output), string.Join('\n', errors), time.GetElapsedTime(began), timedOut);
    }
}
