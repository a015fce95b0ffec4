using System.Diagnostics;

namespace ResilienceLab.Hosting;

/// <summary>
/// Kills the etcd processes this process started when it exits without disposing them (a crashed test run
/// must not leave members holding ports). A SIGKILL of this process cannot be caught; those orphans remain.
/// </summary>
internal static class ChildProcessReaper
{
    private static readonly List<WeakReference<Process>> Children = [];
    private static int _registered;

    public static void Track(Process process)
    {
        lock (Children)
        {
            Children.RemoveAll(r => !r.TryGetTarget(out var p) || HasExited(p));
            Children.Add(new WeakReference<Process>(process));
        }

        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        }
    }

    private static void KillAll()
    {
        lock (Children)
        {
            foreach (var reference in Children)
            {
                if (reference.TryGetTarget(out var process) && !HasExited(process))
                {
                    try
                    {
                        process.Kill();
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited between the check and the kill.
                    }
                }
            }
        }
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }
}
