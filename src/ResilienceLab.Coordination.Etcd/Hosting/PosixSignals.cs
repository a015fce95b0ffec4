using System.Runtime.InteropServices;

namespace ResilienceLab.Coordination.Etcd;

/// <summary>kill(2), for the signals .NET's Process does not send (SIGTERM, SIGSTOP, SIGCONT). Linux numbering.</summary>
internal static class PosixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Sending POSIX signals to etcd members is implemented for Linux only.");
        }

        return NativeMethods.kill(pid, signal) == 0;
    }

    /// <summary>
    /// Whether every thread of <paramref name="pid"/> is in state T (stopped) or t (traced), from /proc; true
    /// when the process is gone (nothing of it can run).
    /// </summary>
    public static bool AllThreadsStopped(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        try
        {
            foreach (var task in Directory.EnumerateDirectories(tasks))
            {
                // /proc/<pid>/task/<tid>/stat is "tid (comm) S ...": the state follows the last ')'.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault();
                if (state is not ('T' or 't'))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception error) when (error is DirectoryNotFoundException or FileNotFoundException)
        {
            return true;
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks for a single blittable call.
        internal static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
    }
}
