using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;

using ResilienceLab.Hosting;

namespace ResilienceLab.Benchmarks.Infrastructure;

/// <summary>Describes the machine a run measured: CPU, cores, OS, runtime, GC mode, etcd version.</summary>
internal static class MachineInfo
{
    public static async Task<BenchmarkMachine> DescribeAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        var etcd = options.NeedsEtcd ? await EtcdVersionAsync(options, cancellationToken) : "not used";
        if (!string.IsNullOrEmpty(options.EtcdDescription) && options.NeedsEtcd)
        {
            etcd += $" ({options.EtcdDescription})";
        }

        return new BenchmarkMachine(
            Cpu(),
            Environment.ProcessorCount,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? ", non-concurrent" : ", concurrent"),
            etcd);
    }

    /// <summary>The 1, 5 and 15 minute load averages, or null where /proc/loadavg does not exist.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Cpu()
    {
        try
        {
            var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return model is null ? RuntimeInformation.ProcessArchitecture.ToString() : model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    // etcd sits next to etcdctl in the Debian packages; "etcd --version" prints "etcd Version: 3.4.23" first.
    private static async Task<string> EtcdVersionAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        try
        {
            var info = new ProcessStartInfo("etcd");
            info.ArgumentList.Add("--version");
            var result = await ChildProcess.RunAsync(info, TimeSpan.FromSeconds(5), options.TimeProvider, cancellationToken);
            var output = result.Output;
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("etcd Version:", StringComparison.Ordinal));
            return line is null ? "etcd (version unknown)" : "etcd " + line["etcd Version:".Length..].Trim();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return "etcd (version unknown)";
        }
    }
}
