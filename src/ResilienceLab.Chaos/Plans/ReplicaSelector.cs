namespace ResilienceLab.Chaos.Plans;

/// <summary>
/// Which replicas a step hits: <see cref="Role"/> picks the candidates (from the store, when the step fires), then
/// <see cref="Mode"/> picks among them. A selector that matches nothing fails its step; it never falls back to another
/// replica.
/// </summary>
public sealed record ReplicaSelector
{
    /// <summary>one, all, fixed, fixed-percent or random-max-percent.</summary>
    public SelectorMode Mode { get; init; } = SelectorMode.One;

    /// <summary>A count for fixed, a percentage (1–100) for fixed-percent and random-max-percent; null otherwise.</summary>
    public int? Value { get; init; }

    /// <summary>any, lock-holder, leader or follower.</summary>
    public ReplicaRole Role { get; init; } = ReplicaRole.Any;

    /// <summary>For lock-holder: the task id (0 … tasks.count-1); null = every lock holder (or the only task).</summary>
    public int? Task { get; init; }

    /// <summary>
    /// For lock-holder: the lock's name as the service names it (e.g. <c>/billing/locks/batch-0001</c>), or a prefix ending
    /// in <c>/</c> for the holders of every lock under it. Null: the reference workers' task locks.
    /// </summary>
    public string? Lock { get; init; }

    /// <summary>For leader and follower: the election's name as the service names it; null: the reference workers' election.</summary>
    public string? Election { get; init; }

    /// <summary>Whether <see cref="Lock"/> names a prefix (every lock under it) rather than one lock.</summary>
    public bool LockIsPrefix => Lock?.EndsWith('/') == true;
}
