namespace ResilienceLab.Reporting;

/// <summary>
/// A report directory claimed before a run starts: created and proven writable up front (a run must not spend its
/// minutes and then fail on an unwritable path), and locked so two runs given the same directory cannot overwrite
/// each other's reports. Dispose releases the lock.
/// </summary>
public sealed class ReportDestination : IDisposable
{
    /// <summary>The lock file; held exclusively (flock on Linux) while the owning run lives, deleted on release.</summary>
    public const string LockFile = ".reslab.lock";

    private readonly FileStream _lock;

    private ReportDestination(string directory, FileStream @lock)
    {
        Directory = directory;
        _lock = @lock;
    }

    /// <summary>The directory's full path.</summary>
    public string Directory { get; }

    /// <summary>Creates <paramref name="directory"/> if needed, checks that files can be written in it and locks it.</summary>
    /// <exception cref="ReportDestinationException">It is a file, lies under a file, is not writable, or another run holds it.</exception>
    public static ReportDestination Claim(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new ReportDestinationException($"--report {directory}: is an existing file, not a directory");
        }

        try
        {
            System.IO.Directory.CreateDirectory(full);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ReportDestinationException($"--report {directory}: cannot create the directory ({error.Message.TrimEnd('.')})", error);
        }

        FileStream @lock;
        try
        {
            @lock = new FileStream(Path.Combine(full, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException error)
        {
            throw new ReportDestinationException($"--report {directory}: not writable ({error.Message.TrimEnd('.')})", error);
        }
        catch (IOException error)
        {
            throw new ReportDestinationException($"--report {directory}: another reslab is writing its reports there (it holds {LockFile}); give each run its own directory", error);
        }

        return new ReportDestination(full, @lock);
    }

    /// <summary>Releases the lock (the lock file is deleted).</summary>
    public void Dispose() => _lock.Dispose();
}
