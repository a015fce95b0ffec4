using System.Runtime.InteropServices;

namespace ResilienceLab.Hosting;

/// <summary>
/// Sends signals to local processes (libc <c>kill(2)</c>) and reads their scheduler state from /proc. Linux only. The one
/// place that does, for etcd members (pause, stop) and local replicas (the chaos controller's kill and pause) alike.
/// </summary>
public static class Signals
{
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when no such process exists (any more).</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux.</exception>
    /// <exception cref="InvalidOperationException">kill(2) failed for another reason (e.g. EPERM: not our process).</exception>
    public static bool Send(int pid, UnixSignal signal)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Signals are sent with Linux signal numbers: local processes are supported on Linux only.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pid, 0);
        if (NativeMethods.Kill(pid, (int)signal) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno == NoSuchProcess
            ? false
            : throw new InvalidOperationException($"kill({pid}, {(int)signal} {signal}) failed with errno {errno}: {Marshal.GetLastPInvokeErrorMessage()}.");
    }

    /// <summary>
    /// The process's state letter from <c>/proc/&lt;pid&gt;/status</c> — R running, S sleeping, D disk wait, T stopped,
    /// t traced, Z zombie, X dead — or null when there is no such process.
    /// </summary>
    public static char? State(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("State:", StringComparison.Ordinal))
                {
                    var value = line["State:".Length..].Trim();
                    return value.Length > 0 ? value[0] : null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone between the directory lookup and the read.
        }

        return null;
    }

    /// <summary>
    /// Whether every thread of <paramref name="pid"/> is in state T (stopped) or t (traced), from /proc; true when the
    /// process is gone (nothing of it can run). SIGSTOP is delivered asynchronously: wait for this before relying on it.
    /// </summary>
    public static bool AllThreadsStopped(int pid)
    {
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                // /proc/<pid>/task/<tid>/stat is "tid (comm) S ...": the state follows the last ')'.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..].FirstOrDefault() is not ('T' or 't'))
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

    /// <summary>True when the process exists and is neither a zombie nor dead.</summary>
    public static bool IsAlive(int pid) => State(pid) is { } s && s != 'Z' && s != 'X';

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int pid, int signal);
    }
}
