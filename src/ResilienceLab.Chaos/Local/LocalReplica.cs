using ResilienceLab.Hosting;

namespace ResilienceLab.Chaos.Local;

/// <summary>One worker process of a <see cref="LocalReplicaSet"/>. A replacement is a new <see cref="LocalReplica"/> with a new name.</summary>
public sealed class LocalReplica
{
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _paused;
    private long _readyAtTicks;

    internal LocalReplica(string name, int ordinal, string historyPath, string logPath, string readyFile, string faultFile)
    {
        Name = name;
        Ordinal = ordinal;
        HistoryPath = historyPath;
        LogPath = logPath;
        ReadyFile = readyFile;
        FaultFile = faultFile;
    }

    /// <summary><c>&lt;prefix&gt;-&lt;ordinal&gt;</c>; also its <c>Replica:Name</c>, the process name in its history.</summary>
    public string Name { get; }

    /// <summary>The ordinal: replicas get 0, 1, 2, … in start order, replacements included.</summary>
    public int Ordinal { get; }

    /// <summary>The OS process id.</summary>
    public int Pid { get; private set; }

    /// <summary>Its history file (JSON Lines).</summary>
    public string HistoryPath { get; }

    /// <summary>Its stdout and stderr (stderr lines prefixed with <c>[stderr] </c>).</summary>
    public string LogPath { get; }

    /// <summary>The file the worker creates once it has loaded its startup state.</summary>
    public string ReadyFile { get; }

    /// <summary>Where the controller writes the faults to inject into its store client (its <c>Store:FaultFile</c>).</summary>
    public string FaultFile { get; }

    /// <summary>When the process was started.</summary>
    public DateTimeOffset StartedAt { get; private set; }

    /// <summary>When it became ready (when the worker wrote its ready file), if it has.</summary>
    public DateTimeOffset? ReadyAt
    {
        get
        {
            if (Interlocked.Read(ref _readyAtTicks) == 0 && File.Exists(ReadyFile))
            {
                MarkReady(new DateTimeOffset(File.GetLastWriteTimeUtc(ReadyFile), TimeSpan.Zero));
            }

            var ticks = Interlocked.Read(ref _readyAtTicks);
            return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    /// <summary>Whether the worker has created its ready file.</summary>
    public bool IsReady => ReadyAt is not null;

    /// <summary>Whether the set has SIGSTOPped it and not yet SIGCONTed it.</summary>
    public bool IsPaused => _paused;

    /// <summary>Whether the process has exited (and been reaped).</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Its exit code (128 + n when killed by signal n), once it has exited.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>When the set saw it exit.</summary>
    public DateTimeOffset? ExitedAt { get; private set; }

    /// <summary>Completes when the process has exited and its output is in <see cref="LogPath"/>.</summary>
    public Task Exited => _exited.Task;

    internal ChildProcess? Process { get; private set; }

    /// <summary>The process's state letter from /proc (T = stopped), or null once it is gone.</summary>
    public char? State => HasExited ? null : Signals.State(Pid);

    /// <summary>The last <paramref name="lines"/> lines of its log (for error messages).</summary>
    public string TailLog(int lines = 20)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The first line naming an unhandled exception (a crash's cause, above its stack), then the log's last lines.</summary>
    public string CrashExcerpt(int lines = 10)
    {
        // One read of the log: the cause is searched in the same lines the tail is cut from.
        var recent = TailLog(400).Split('\n');
        var tail = string.Join('\n', recent.TakeLast(lines));
        var cause = recent.SkipLast(lines).FirstOrDefault(l => l.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase));
        return cause is null ? tail : $"{cause}\n…\n{tail}";
    }

    public override string ToString() => $"{Name} (pid {Pid}{(HasExited ? $", exited {ExitCode}" : IsPaused ? ", paused" : IsReady ? ", ready" : ", starting")})";

    internal void Started(ChildProcess process, DateTimeOffset at)
    {
        Process = process;
        Pid = process.Id;
        StartedAt = at;
    }

    internal void MarkReady(DateTimeOffset at) => Interlocked.CompareExchange(ref _readyAtTicks, at.UtcTicks, 0);

    internal void SetPaused(bool paused) => _paused = paused;

    internal void MarkExited(int exitCode, DateTimeOffset at)
    {
        ExitCode = exitCode;
        ExitedAt = at;
        _paused = false;
        _exited.TrySetResult();
    }
}
