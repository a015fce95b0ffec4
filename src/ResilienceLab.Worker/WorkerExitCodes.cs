namespace ResilienceLab.Worker;

/// <summary>What the worker's exit code means (documented in docs/worker.md).</summary>
public static class WorkerExitCodes
{
    /// <summary>Stopped cleanly (SIGTERM / Ctrl-C, or the host was asked to stop).</summary>
    public const int Clean = 0;

    /// <summary>Crashed: an unhandled exception, or a worker failed.</summary>
    public const int Crash = 1;

    /// <summary>The configuration is invalid; every problem was printed to stderr. Restarting will not help.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The store stayed unreachable for <c>Store:StartupTimeout</c> while the startup state was being loaded.</summary>
    public const int StoreUnreachable = 3;
}
