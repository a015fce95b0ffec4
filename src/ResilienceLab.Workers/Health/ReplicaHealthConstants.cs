namespace ResilienceLab.Workers;

/// <summary>Names and tags of the replica's health checks (docs/worker.md, "Health").</summary>
public static class ReplicaHealthConstants
{
    /// <summary>The check that the startup state is loaded and the replica is not stopping.</summary>
    public const string StartupCheckName = "replica-startup";

    /// <summary>Tag of the checks that must all pass for the replica to be ready: startup state loaded, session alive.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Tag of the checks that must pass once for the replica to count as started: the startup state is loaded.</summary>
    public const string StartupTag = "startup";
}
