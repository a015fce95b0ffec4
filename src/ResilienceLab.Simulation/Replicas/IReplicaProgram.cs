namespace ResilienceLab.Simulation;

/// <summary>
/// What runs inside one simulated replica: the reference workers, or a team's hosted services
/// (ResilienceLab.Testing). It runs on the replica's <see cref="SimulatedProcess"/>, so everything it awaits stays on the
/// simulation's loop; a kill simply never runs it again.
/// </summary>
public interface IReplicaProgram
{
    /// <summary>Whether the replica has finished starting (loaded its startup state) and does its work.</summary>
    bool Ready { get; }

    /// <summary>The live coordination session of the replica, if any (role evidence for tests and controllers).</summary>
    Coordination.ICoordinationSession? Session { get; }

    /// <summary>Runs until <paramref name="stopping"/> fires, then stops gracefully: releases what it holds and closes its session.</summary>
    Task RunAsync(CancellationToken stopping);
}
