namespace ResilienceLab.Chaos.Selection;

/// <summary>
/// A replica a step hit, and the role it was hit for with the store's evidence (key, token/term, revision); for a lock
/// holder or a leader, <paramref name="Lock"/> is the lock or election it held, which the step verifies after the hit.
/// </summary>
public sealed record SelectedReplica(string Name, string Role, string? Evidence, string? Lock = null);
