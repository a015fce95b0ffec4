using ResilienceLab.Chaos.Local;

namespace ResilienceLab.Kubernetes.Tests.Infrastructure;

/// <summary>
/// Runs an emulated pod's processes as the restricted Pod Security profile runs containers: a non-root user (1654, the
/// image's), every capability dropped from the bounding and inheritable sets (no KILL, no NET_ADMIN), and no_new_privs
/// (allowPrivilegeEscalation: false) — through util-linux <c>setpriv</c>, when the tests run as root. A test runner that
/// is not root already runs them unprivileged.
/// </summary>
internal static class RestrictedUser
{
    /// <summary>The image's numeric user (the .NET images' <c>app</c>), as the manifests' runAsUser.</summary>
    public const int Id = 1654;

    public static bool Applies => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess;

    /// <summary>
    /// <paramref name="command"/> run as <see cref="Id"/> with no capability. First, still as root, the process hands its
    /// stdout and stderr pipes to that user, as runc does for a non-root container (fixStdioPermissions), so the worker can
    /// open /dev/stdout for its history; the parent-death signal is set again after the user change, which clears it.
    /// </summary>
    public static ReplicaCommand Wrap(ReplicaCommand command) => !Applies ? command : command with
    {
        FileName = "/bin/sh",
        Arguments =
        [
            "-c",
            $"chown {Id}:{Id} /proc/self/fd/1 /proc/self/fd/2 && exec setpriv --reuid={Id} --regid={Id} --clear-groups --inh-caps=-all --bounding-set=-all --no-new-privs --pdeathsig KILL -- \"$@\"",
            "restricted",
            command.FileName,
            .. command.Arguments,
        ],
    };

    /// <summary>A process's real user, effective capabilities and no_new_privs flag, from /proc.</summary>
    public static (int Uid, ulong CapEff, bool NoNewPrivs) Of(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
        return (
            int.Parse(status["Uid"].Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture),
            ulong.Parse(status["CapEff"], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture),
            status["NoNewPrivs"] == "1");
    }

    /// <summary>Lets the restricted user reach <paramref name="directory"/> (and, when <paramref name="writable"/>, create files in it).</summary>
    public static void Open(string directory, bool writable)
    {
        if (!Applies || !OperatingSystem.IsLinux())
        {
            return;
        }

        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, writable ? (UnixFileMode)0b111_111_111 : (UnixFileMode)0b111_101_101);
    }
}
