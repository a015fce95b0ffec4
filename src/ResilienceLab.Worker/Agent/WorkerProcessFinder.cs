using System.Globalization;
using ResilienceLab.Hosting;
using ResilienceLab.Workers;

namespace ResilienceLab.Worker;

/// <summary>
/// Finds the worker an agent serves by scanning /proc. In a pod with <c>shareProcessNamespace: true</c> the agent sees the
/// worker's process (no longer PID 1: the pause container is), and both run as the same user, so reading its command line
/// and environment and signalling it need no capability. The worker is the <c>reslab-worker</c> process (not an agent)
/// whose replica name — <c>RESLAB_Replica__Name</c>, else <c>POD_NAME</c> — is the agent's pod name; matching the name,
/// not just the executable, keeps an agent from ever stopping another pod's worker where PID namespaces are shared more widely.
/// </summary>
internal static class WorkerProcessFinder
{
    private const string Executable = "reslab-worker";

    /// <summary>The worker's pid, or null and why it cannot be found.</summary>
    public static (int? Pid, string? Problem) Find(string podName, string procRoot = "/proc")
    {
        var self = Environment.ProcessId;
        var found = new List<int>();
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(procRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read {procRoot}: {e.Message}");
        }

        foreach (var directory in entries)
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == self)
            {
                continue;
            }

            if (IsWorker(directory) && ReplicaName(directory) == podName && Signals.IsAlive(pid))
            {
                found.Add(pid);
            }
        }

        return found.Count switch
        {
            1 => (found[0], null),
            0 => (null, $"no {Executable} process named '{podName}' is visible: the pod needs shareProcessNamespace: true, and the worker container must run as the agent's user"),
            _ => (null, $"{found.Count} {Executable} processes are named '{podName}' (pids {string.Join(", ", found)}); refusing to guess which to signal"),
        };
    }

    /// <summary>A reslab-worker (native host or <c>dotnet reslab-worker.dll</c>) that is not itself running as an agent.</summary>
    private static bool IsWorker(string directory)
    {
        var arguments = ReadNulSeparated(Path.Combine(directory, "cmdline"));
        var program = arguments.FindIndex(a => Path.GetFileNameWithoutExtension(a) == Executable);
        return program >= 0 && (program + 1 >= arguments.Count || arguments[program + 1] != AgentConstants.Command);
    }

    private static string? ReplicaName(string directory)
    {
        string? replica = null, pod = null;
        foreach (var variable in ReadNulSeparated(Path.Combine(directory, "environ")))
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (variable[..equals], variable[(equals + 1)..]);
            if (key == $"{WorkerHostConstants.EnvironmentPrefix}{WorkerConstants.ConfigurationSection}__{nameof(ReplicaOptions.Name)}")
            {
                replica = value;
            }
            else if (key == WorkerHostConstants.PodNameVariable)
            {
                pod = value;
            }
        }

        return string.IsNullOrWhiteSpace(replica) ? pod : replica;
    }

    private static List<string> ReadNulSeparated(string path)
    {
        try
        {
            return [.. File.ReadAllText(path).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone meanwhile, or another user's process: not ours to signal either way.
            return [];
        }
    }
}
