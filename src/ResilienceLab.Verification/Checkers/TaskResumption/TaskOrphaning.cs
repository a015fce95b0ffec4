namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>A task's holder stopped holding it before the task completed.</summary>
/// <param name="Holder">The holder that went away.</param>
/// <param name="At">When it went away.</param>
/// <param name="Reason">How the history shows it (lock.lost, killed, released, unresponsive).</param>
public sealed record TaskOrphaning(TaskHolder Holder, DateTimeOffset At, string Reason);
