using System.Diagnostics;

namespace ResilienceLab.Hosting;

/// <summary>
/// A run's temp directory (<c>$TMPDIR/reslab-&lt;name&gt;-XXXXXX</c>: etcd data, histories, logs) that does not outlive
/// the run unless asked to. Disposing deletes it, or keeps it when <see cref="Keep"/> is set. If this process dies
/// without disposing it — SIGKILL included — a guard child (<c>sh</c>, reading a stdin pipe only this process holds)
/// sees end of file and deletes it, once the run's other children are dead.
/// </summary>
public sealed class RunDirectory : IDisposable
{
    // Waits for EOF on stdin (its writer, this process, is gone), lets the pdeathsig-killed children die, then deletes.
    private const string GuardScript = "while read -r _; do :; done; sleep 0.3; rm -rf -- \"$1\" 2>/dev/null || { sleep 1; rm -rf -- \"$1\"; }";

    private readonly ChildProcess? _guard;
    private bool _disposed;

    private RunDirectory(string path, ChildProcess? guard)
    {
        Path = path;
        _guard = guard;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>When true, disposing leaves the directory in place (the caller prints where it is).</summary>
    public bool Keep { get; set; }

    /// <summary>Creates <c>$TMPDIR/&lt;prefix&gt;XXXXXX</c> and its guard.</summary>
    /// <exception cref="IOException">The temp directory (TMPDIR) does not exist or is not writable; the message says which.</exception>
    public static RunDirectory Create(string prefix)
    {
        string path;
        try
        {
            path = Directory.CreateTempSubdirectory(prefix).FullName;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            var temp = System.IO.Path.GetTempPath();
            throw new IOException($"cannot create the run directory under '{temp}' (from TMPDIR={Environment.GetEnvironmentVariable("TMPDIR") ?? "(unset)"}): {error.Message.TrimEnd('.')}; point TMPDIR at a writable directory", error);
        }

        ChildProcess? guard = null;
        if (OperatingSystem.IsLinux())
        {
            var info = new ProcessStartInfo("/bin/sh");
            foreach (var argument in (string[])["-c", GuardScript, "reslab-run-guard", path])
            {
                info.ArgumentList.Add(argument);
            }

            guard = ChildProcess.Start(info, new ChildProcessOptions { DiesWithParent = false, KeepStandardInputOpen = true });
        }

        return new RunDirectory(path, guard);
    }

    /// <summary>Deletes the directory (unless <see cref="Keep"/>) and ends the guard.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // SIGKILL the guard before its stdin closes, so that it cannot delete a directory that is to be kept.
        _guard?.Dispose();
        if (!Keep)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
