using System.Collections.Concurrent;
using System.Diagnostics;

namespace ResilienceLab.Hosting;

/// <summary>
/// The one thread every child is forked from. Linux ties a parent-death signal (<c>prctl(PR_SET_PDEATHSIG)</c>,
/// which setpriv sets) to the <em>thread</em> that forked the child: a child forked from a thread-pool thread
/// would be SIGKILLed when the pool retires that thread. This thread lives as long as the process.
/// </summary>
internal static class ProcessLauncherThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Queue = [];
    private static readonly Lazy<Thread> Launcher = new(() =>
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "reslab-process-launcher" };
        thread.Start();
        return thread;
    });

    /// <summary>Starts <paramref name="process"/> on the launcher thread; rethrows what Process.Start threw.</summary>
    public static void Start(Process process)
    {
        _ = Launcher.Value;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((process, started));
        started.Task.GetAwaiter().GetResult();
    }

    private static void Run()
    {
        foreach (var (process, started) in Queue.GetConsumingEnumerable())
        {
            try
            {
                process.Start();
                started.SetResult();
            }
            catch (Exception error)
            {
                started.SetException(error);
            }
        }
    }
}
