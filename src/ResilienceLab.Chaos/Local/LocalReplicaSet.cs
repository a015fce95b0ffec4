using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ResilienceLab.Chaos.Local;

/// <summary>
/// N worker processes on this machine with ReplicaSet semantics: a replica that exits — killed, terminated or
/// crashed — is replaced by a new process under a new name (<c>&lt;prefix&gt;-&lt;next ordinal&gt;</c>), unless the
/// set is stopping. Replicas are addressed by name for SIGKILL, SIGTERM, SIGSTOP and SIGCONT. Stopping (or
/// disposing) SIGCONTs every process, SIGTERMs all, waits <see cref="LocalReplicaSetOptions.StopTimeout"/>, then
/// SIGKILLs survivors: nothing is left paused or running. Each replica is a <see cref="Hosting.ChildProcess"/>: if the
/// owning process dies without stopping the set — SIGKILL included — the kernel SIGKILLs the replicas, paused ones too.
/// </summary>
public sealed partial class LocalReplicaSet : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<LocalReplica> _all = [];
    private readonly List<Task> _monitors = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _historyDirectory;
    private readonly string _logDirectory;
    private readonly string _readyDirectory;
    private int _nextOrdinal;
    private int _crashLoop;
    private bool _stopping;
    private Task? _stopped;

    /// <summary>Creates the set (nothing runs until <see cref="StartAsync"/>).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public LocalReplicaSet(LocalReplicaSetOptions options, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        RunDirectory = Path.GetFullPath(options.RunDirectory);
        _historyDirectory = Path.Combine(RunDirectory, "history");
        _logDirectory = Path.Combine(RunDirectory, "logs");
        _readyDirectory = Path.Combine(RunDirectory, "ready");
    }

    /// <summary>The options the set runs with.</summary>
    public LocalReplicaSetOptions Options { get; }

    /// <summary>The run directory (absolute).</summary>
    public string RunDirectory { get; }

    /// <summary>Where every replica's history file goes (one <c>&lt;name&gt;.jsonl</c> each).</summary>
    public string HistoryDirectory => _historyDirectory;

    /// <summary>Raised (on a thread-pool thread) after a replica's process has started, replacements included.</summary>
    public event Action<LocalReplica>? ReplicaStarted;

    /// <summary>Raised (on a thread-pool thread) after a replica's process has exited.</summary>
    public event Action<LocalReplica>? ReplicaExited;

    /// <summary>Replicas whose process has not exited, in start order.</summary>
    public IReadOnlyList<LocalReplica> Live
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Where(r => !r.HasExited)];
            }
        }
    }

    /// <summary>Every replica ever started, in start order.</summary>
    public IReadOnlyList<LocalReplica> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>Names of the replicas that are paused (SIGSTOPped and not yet resumed).</summary>
    public IReadOnlyList<string> Paused
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Where(r => r.IsPaused && !r.HasExited).Select(r => r.Name)];
            }
        }
    }

    /// <summary>The live replica named <paramref name="name"/>, or null.</summary>
    public LocalReplica? Find(string name)
    {
        lock (_gate)
        {
            return _all.FirstOrDefault(r => r.Name == name && !r.HasExited);
        }
    }

    /// <summary>The live replica named <paramref name="name"/>.</summary>
    /// <exception cref="ReplicaGoneException">No live replica has that name (it may have just exited).</exception>
    public LocalReplica Get(string name) =>
        Find(name) ?? throw new ReplicaGoneException($"No live replica named '{name}'; live: {string.Join(", ", Live.Select(r => r.Name))}.", nameof(name));

    /// <summary>Starts <see cref="LocalReplicaSetOptions.Replicas"/> processes and waits until they are all ready; on failure stops everything again.</summary>
    /// <exception cref="TimeoutException">Not every replica became ready within <see cref="LocalReplicaSetOptions.ReadyTimeout"/>; the message has the laggards' last log lines.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_historyDirectory);
        Directory.CreateDirectory(_logDirectory);
        Directory.CreateDirectory(_readyDirectory);
        try
        {
            for (var i = 0; i < Options.Replicas; i++)
            {
                StartReplica();
            }

            await WaitReadyAsync(null, cancellationToken);
        }
        catch
        {
            await StopAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>Waits until <see cref="LocalReplicaSetOptions.Replicas"/> live replicas are ready (replacements count).</summary>
    /// <exception cref="TimeoutException">They were not within <paramref name="timeout"/> (default <see cref="LocalReplicaSetOptions.ReadyTimeout"/>).</exception>
    public async Task WaitReadyAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? Options.ReadyTimeout;
        var start = _time.GetTimestamp();
        while (true)
        {
            var live = Live;
            if (live.Count(r => r.IsReady) >= Options.Replicas)
            {
                return;
            }

            // A replica that exits before it is ready, again and again, is crashing at start (a wrong command, bad
            // configuration): say so with its own last lines now rather than after the whole timeout.
            var all = All;
            var crashed = all.Where(r => r.HasExited && r.ReadyAt is null).ToList();
            if (crashed.Count > Options.Replicas && !all.Any(r => r.ReadyAt is not null))
            {
                var first = crashed[0];
                throw new TimeoutException($"the replicas crash at start: {crashed.Count} exited before becoming ready (first: {first.Name} code {first.ExitCode}); from {first.LogPath}:\n{first.CrashExcerpt()}");
            }

            if (_time.GetElapsedTime(start) > limit)
            {
                var laggards = live.Where(r => !r.IsReady).ToList();
                var details = string.Join("\n", laggards.Concat(crashed.TakeLast(1)).Select(r => $"--- {r} log {r.LogPath}:\n{r.TailLog(10)}"));
                throw new TimeoutException($"Only {live.Count - laggards.Count} of {Options.Replicas} replicas became ready within {limit} (exited so far: {string.Join(", ", all.Where(r => r.HasExited).Select(r => $"{r.Name} code {r.ExitCode}"))}).\n{details}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(25), _time, cancellationToken);
        }
    }
}
