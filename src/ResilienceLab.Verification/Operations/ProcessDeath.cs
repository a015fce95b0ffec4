namespace ResilienceLab.Verification.Operations;

/// <summary>A process incarnation ended without a graceful stop.</summary>
/// <param name="Process">The process.</param>
/// <param name="Time">When: the kill event, or (restart without a kill event) its last entry before the restart.</param>
/// <param name="Cause">What tells us: "killed by chaos.kill" or "restarted (process.start)".</param>
public sealed record ProcessDeath(string Process, DateTimeOffset Time, string Cause);
