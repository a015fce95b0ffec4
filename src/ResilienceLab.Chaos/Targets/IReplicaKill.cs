namespace ResilienceLab.Chaos.Targets;

/// <summary>A target that can end a replica's process: the <c>kill</c> and <c>terminate</c> actions.</summary>
public interface IReplicaKill
{
    /// <summary>SIGKILL (pod delete with grace 0).</summary>
    Task KillAsync(string replica, CancellationToken cancellationToken);

    /// <summary>SIGTERM (pod delete with its grace period).</summary>
    Task TerminateAsync(string replica, CancellationToken cancellationToken);
}
