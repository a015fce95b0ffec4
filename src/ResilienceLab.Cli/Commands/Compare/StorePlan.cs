using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Cli.Commands.Compare;

/// <summary>One plan re-targeted at one store: the run starts that store itself; steps the store cannot take are left out.</summary>
/// <param name="Kind">The store.</param>
/// <param name="Plan">The plan as it runs against <paramref name="Kind"/>.</param>
/// <param name="Skipped">Steps left out, with why.</param>
internal sealed record StorePlan(StoreKind Kind, ChaosPlan Plan, IReadOnlyList<(string Step, string Why)> Skipped)
{
    /// <summary>
    /// The plan with <c>store: {kind, start}</c>: etcd keeps the plan's member count (default 1); NATS runs one server,
    /// and drops etcd-only steps (member kills and restarts need etcd members; revoke-lease needs leases). The plan's
    /// credentials and TLS are dropped: they belong to the external etcd it names, not to the stores compare starts.
    /// </summary>
    public static StorePlan For(ChaosPlan plan, StoreKind kind)
    {
        var members = kind == StoreKind.Etcd && plan.Store.Kind == StoreKind.Etcd ? plan.Store.Start?.Members ?? 1 : 1;
        var skipped = new List<(string, string)>();
        var schedule = new List<ChaosStep>();
        foreach (var step in plan.Schedule)
        {
            if (kind == StoreKind.Nats && IsEtcdOnly(step.Action))
            {
                skipped.Add((step.Name, $"{PlanNames.Of(step.Action)} needs etcd ({(step.Action == ChaosActionKind.RevokeLease ? "leases" : "etcd members")})"));
            }
            else
            {
                schedule.Add(step);
            }
        }

        // The stores compare starts are its own, on loopback, without authentication or TLS: a plan written for a
        // team's etcd (username, passwordFrom, tls) compares without its credentials being resolved or handed out.
        var store = plan.Store with { Kind = kind, Endpoints = [], Start = new StoreStartSpec(members), Credentials = null, Tls = null };
        return new StorePlan(kind, plan with { Store = store, Schedule = schedule }, skipped);
    }

    private static bool IsEtcdOnly(ChaosActionKind action) =>
        action is ChaosActionKind.KillEtcdMember or ChaosActionKind.RestartEtcdMember or ChaosActionKind.KillEtcdQuorum or ChaosActionKind.RevokeLease;
}
