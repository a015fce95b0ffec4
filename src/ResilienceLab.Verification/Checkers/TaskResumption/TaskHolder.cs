namespace ResilienceLab.Verification.Checkers.TaskResumption;

/// <summary>Who holds a task: a process with a fencing token, since a time.</summary>
/// <param name="Process">The holder.</param>
/// <param name="Token">Its fencing token.</param>
/// <param name="Since">When it became the holder (its lock.acquire ok, or its first commit when no acquisition was recorded).</param>
public sealed record TaskHolder(string Process, long Token, DateTimeOffset Since);
