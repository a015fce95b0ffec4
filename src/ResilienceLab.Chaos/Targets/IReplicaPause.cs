namespace ResilienceLab.Chaos.Targets;

/// <summary>A target that can freeze a replica and let it go on: the <c>pause</c> action (SIGSTOP / SIGCONT).</summary>
public interface IReplicaPause
{
    /// <summary>SIGSTOP.</summary>
    Task PauseAsync(string replica, CancellationToken cancellationToken);

    /// <summary>SIGCONT; nothing when the replica is gone meanwhile.</summary>
    Task ResumeAsync(string replica, CancellationToken cancellationToken);
}
