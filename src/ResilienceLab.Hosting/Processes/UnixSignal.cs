namespace ResilienceLab.Hosting;

/// <summary>The signals sent to local processes (etcd members, replicas), with their Linux numbers (x86-64 and arm64 agree on these).</summary>
public enum UnixSignal
{
    /// <summary>SIGKILL: dies at once, no clean-up (a crash, an OOM kill, a pod deleted with grace period 0).</summary>
    Kill = 9,

    /// <summary>SIGTERM: asked to stop; the worker releases its locks, resigns and revokes its lease.</summary>
    Terminate = 15,

    /// <summary>SIGCONT: a stopped process runs again.</summary>
    Continue = 18,

    /// <summary>SIGSTOP: frozen, cannot be caught (a long GC pause, a VM migration, a debugger).</summary>
    Stop = 19,
}
