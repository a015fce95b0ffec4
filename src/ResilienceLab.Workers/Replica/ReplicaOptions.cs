using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;

namespace ResilienceLab.Workers;

/// <summary>Defaults shared by the worker options.</summary>
public static class WorkerConstants
{
    public const string ConfigurationSection = "Replica";
    public static readonly TimeSpan DefaultLockTtl = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultStepDuration = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan DefaultIdlePoll = TimeSpan.FromMilliseconds(250);
    public const string TasksPrefix = "/tasks/";
    public const string TaskLocksPrefix = "/locks/tasks/";
    public const string ElectionName = "/election/workers";
    public const string HeartbeatKey = "/election/heartbeat";
    public const string CounterKey = "/counter";
    public const string ConfigKey = "/config/workers";
}

/// <summary>How the task worker guards its checkpoint writes. Anything but <see cref="Fenced"/> is a seeded bug for negative controls.</summary>
public enum FencingMode
{
    /// <summary>Checkpoint commits are txns guarded by the lock's fencing token and the checkpoint's mod revision.</summary>
    Fenced,

    /// <summary>BUG (negative control): the checkpoint is written with a plain put after the step; a stale holder overwrites progress.</summary>
    Unfenced,
}

/// <summary>Counter update mode.</summary>
public enum CounterMode
{
    /// <summary>Compare-and-swap loop with back-off: no update is lost.</summary>
    Cas,

    /// <summary>BUG (negative control): read, wait, put — concurrent increments overwrite each other.</summary>
    Unsafe,
}

/// <summary>Settings of one replica: who it is, which workers it runs and how. Validated at start.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class ReplicaOptions
{
    /// <summary>The replica's name (the pod name on Kubernetes); stamped on history and used as its proclamation.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$", ErrorMessage = "Replica:Name must be 1-63 letters, digits, '.', '_' or '-'.")]
    public string Name { get; set; } = "replica-0";

    /// <summary>Lease TTL of the replica's session: locks and leadership expire this long after the replica stops renewing.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LockTtl { get; set; } = WorkerConstants.DefaultLockTtl;

    /// <summary>Where the history is written (JSON Lines); empty: not written to a file.</summary>
    public string? HistoryPath { get; set; }

    /// <summary>File present while the replica is ready — startup state loaded and session alive — and deleted while it is not; empty: none.</summary>
    public string? ReadyFile { get; set; }

    /// <summary>The task worker.</summary>
    public TaskWorkerOptions Tasks { get; set; } = new();

    /// <summary>The election worker.</summary>
    public ElectionWorkerOptions Election { get; set; } = new();

    /// <summary>The counter worker.</summary>
    public CounterWorkerOptions Counter { get; set; } = new();

    /// <summary>BUG (mutation testing) unless <see cref="SeededBug.None"/>: a deliberate mistake in the recipes or the workers.</summary>
    public SeededBug SeededBug { get; set; }
}

/// <summary>Settings of <see cref="TaskWorker"/>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class TaskWorkerOptions
{
    public bool Enabled { get; set; } = true;

    [Range(1, 10_000)]
    public int Count { get; set; } = 5;

    [Range(1, 1_000_000)]
    public int Steps { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StepDuration { get; set; } = WorkerConstants.DefaultStepDuration;

    /// <summary>Tasks one replica works on at once.</summary>
    [Range(1, 1000)]
    public int MaxConcurrent { get; set; } = 1;

    /// <summary>How long an idle replica waits in one task's lock queue before looking around again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan IdlePoll { get; set; } = WorkerConstants.DefaultIdlePoll;

    public FencingMode Fencing { get; set; } = FencingMode.Fenced;

    /// <summary>BUG (negative control) when true: the holder keeps working after its lock's Lost fires.</summary>
    public bool IgnoreLockLost { get; set; }
}

/// <summary>Settings of <see cref="ElectionWorker"/>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class ElectionWorkerOptions
{
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = WorkerConstants.DefaultHeartbeatInterval;
}

/// <summary>Settings of <see cref="CounterWorker"/>.</summary>
[UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Range(typeof(TimeSpan), ...) converts its bounds with TimeSpan's built-in converter, which a trimmed or native build keeps; NativeSimulateTests runs the native build.")]
public sealed class CounterWorkerOptions
{
    public bool Enabled { get; set; }

    [Range(0, 10_000_000)]
    public int Increments { get; set; } = 100;

    public CounterMode Mode { get; set; } = CounterMode.Cas;

    /// <summary>Unsafe mode: the gap between the read and the write (widens the lost-update window).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ReadWriteGap { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Pause between increments.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(1);
}
