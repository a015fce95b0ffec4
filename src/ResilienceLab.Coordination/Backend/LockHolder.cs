namespace ResilienceLab.Coordination;

/// <summary>The holder of a lock, or the leader of an election, as the store shows it.</summary>
/// <param name="Name">The lock's (election's) name.</param>
/// <param name="Key">The holder's identity in the store (see <see cref="ILockHandle.Key"/>).</param>
/// <param name="Owner">What the holder wrote: its owner name, or the leader's proclamation.</param>
/// <param name="Token">Its fencing token (lock) or term (election).</param>
/// <param name="Revision">The revision the read was served at (evidence for reports).</param>
public sealed record LockHolder(string Name, string Key, string Owner, long Token, long Revision);
