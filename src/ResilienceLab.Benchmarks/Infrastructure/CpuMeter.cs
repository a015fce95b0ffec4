using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>
/// CPU time used so far by this process (the clients) and by the etcd processes, from /proc (Linux; zero
/// elsewhere). On a 2-core machine where both share the cores, a cycle rate is bounded by cores ÷ (client CPU +
/// etcd CPU per cycle) — the profile that shows whether a figure is bound by CPU or by waiting (fsync, round trips).
/// </summary>
internal sealed class CpuMeter(IReadOnlyList<int> etcdProcessIds)
{
    private static readonly long TicksPerSecond = ClockTicks();

    public (TimeSpan Client, TimeSpan Etcd) Read()
    {
        using var self = Process.GetCurrentProcess();
        var etcd = TimeSpan.Zero;
        foreach (var pid in etcdProcessIds)
        {
            etcd += ProcessCpu(pid);
        }

        return (self.TotalProcessorTime, etcd);
    }

    /// <summary>utime + stime of <paramref name="pid"/> from /proc/&lt;pid&gt;/stat (fields 14 and 15); zero when unreadable.</summary>
    private static TimeSpan ProcessCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");

            // "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis (field 3 onwards).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / (double)TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return TimeSpan.Zero;
        }
    }

    private static long ClockTicks()
    {
        try
        {
            var ticks = OperatingSystem.IsLinux() ? NativeMethods.sysconf(NativeMethods.ScClkTck) : 0;
            return ticks > 0 ? ticks : 100;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return 100;
        }
    }

    private static class NativeMethods
    {
        public const int ScClkTck = 2;

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport needs AllowUnsafeBlocks for a single blittable call.
        public static extern long sysconf(int name);
#pragma warning restore SYSLIB1054
    }
}
