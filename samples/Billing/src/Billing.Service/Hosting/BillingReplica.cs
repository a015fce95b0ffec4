using ResilienceLab.Coordination;

namespace Billing.Service;

/// <summary>Who this replica is (its name in locks, elections and the history) and its one source of randomness.</summary>
/// <param name="Name">The replica's name: <c>Replica:Name</c>, else the host name (the pod name on Kubernetes).</param>
/// <param name="Random">Seeded randomness: the simulation injects one per replica, so a failing seed replays.</param>
internal sealed record BillingReplica(string Name, DeterministicRandom Random)
{
    /// <summary>A seed derived from the name, so a replica outside the simulation is repeatable too.</summary>
    public static long SeedOf(string name) => name.Aggregate(17L, (h, c) => unchecked((h * 31) + c));
}
