using ResilienceLab.Chaos.Plans;

namespace ResilienceLab.Chaos.Targets;

/// <summary>
/// Which plan actions each target offers, and why not when it does not: the one table the plan validator and the
/// controller read. Each action needs one capability interface (<see cref="CapabilityOf"/>); a target has it when
/// <see cref="IChaosTarget.Capability"/> returns it, and a test holds every target to this table. A
/// Kubernetes target with the agent sidecar (<c>target.agent</c>; docs/kubernetes.md) offers the process and network
/// faults the agent carries out.
/// </summary>
public static class TargetCapabilities
{
    private const string NeedsAgent =
        "pods are reached only through the Kubernetes API (kill, terminate) and the store (revoke-lease); declare target.agent and deploy the workers with the agent sidecar (k8s/agent/30-worker-agent.yaml), which pauses the worker and runs the fault proxy and the store-fault file inside the pod";

    private const string NoMembers =
        "the run does not own the store's members on Kubernetes (the plan gives endpoints); kill etcd pods with a separate plan against the etcd StatefulSet's selector";

    private const string NoClock =
        "a pod reads its node's clock, which the run may not set, and the agent sidecar carries no clock fault to the worker yet; run the plan with target local or simulation, where the replica's clock is skewed through its fault file";

    private static readonly Dictionary<(TargetKind Kind, bool Agent, ChaosActionKind Action), string> Unsupported = new()
    {
        [(TargetKind.Kubernetes, false, ChaosActionKind.Pause)] =
            "the Kubernetes API has no verb that freezes a container, and SIGSTOP through pods/exec needs exec rights and is ignored by the container's PID 1; " + NeedsAgent,
        [(TargetKind.Kubernetes, false, ChaosActionKind.Partition)] = NeedsAgent,
        [(TargetKind.Kubernetes, false, ChaosActionKind.Latency)] = NeedsAgent,
        [(TargetKind.Kubernetes, false, ChaosActionKind.Heal)] = NeedsAgent,
        [(TargetKind.Kubernetes, false, ChaosActionKind.StoreFault)] = NeedsAgent,
        [(TargetKind.Kubernetes, false, ChaosActionKind.KillEtcdMember)] = NoMembers,
        [(TargetKind.Kubernetes, false, ChaosActionKind.RestartEtcdMember)] = NoMembers,
        [(TargetKind.Kubernetes, false, ChaosActionKind.KillEtcdQuorum)] = NoMembers,
        [(TargetKind.Kubernetes, true, ChaosActionKind.KillEtcdMember)] = NoMembers,
        [(TargetKind.Kubernetes, true, ChaosActionKind.RestartEtcdMember)] = NoMembers,
        [(TargetKind.Kubernetes, true, ChaosActionKind.KillEtcdQuorum)] = NoMembers,
        [(TargetKind.Kubernetes, false, ChaosActionKind.ClockSkew)] = NoClock,
        [(TargetKind.Kubernetes, true, ChaosActionKind.ClockSkew)] = NoClock,
    };

    /// <summary>
    /// Null when <paramref name="target"/> (with the agent sidecar when <paramref name="agent"/>; only Kubernetes has one)
    /// offers <paramref name="action"/>; otherwise the reason it does not.
    /// </summary>
    public static string? WhyNot(TargetKind target, bool agent, ChaosActionKind action) =>
        Unsupported.GetValueOrDefault((target, agent && target == TargetKind.Kubernetes, action));

    /// <summary>The same for a plan's target section.</summary>
    public static string? WhyNot(TargetSpec target, ChaosActionKind action)
    {
        ArgumentNullException.ThrowIfNull(target);
        return WhyNot(target.Kind, target.Agent is not null, action);
    }

    /// <summary>Whether the target offers the action.</summary>
    public static bool Supports(TargetKind target, bool agent, ChaosActionKind action) => WhyNot(target, agent, action) is null;

    /// <summary>The capability interface a target needs to carry out <paramref name="action"/>.</summary>
    public static Type CapabilityOf(ChaosActionKind action) => action switch
    {
        ChaosActionKind.Kill or ChaosActionKind.Terminate => typeof(IReplicaKill),
        ChaosActionKind.Pause => typeof(IReplicaPause),
        ChaosActionKind.Partition or ChaosActionKind.Latency or ChaosActionKind.Heal or ChaosActionKind.StoreFault => typeof(IReplicaFaults),
        ChaosActionKind.KillEtcdMember or ChaosActionKind.RestartEtcdMember or ChaosActionKind.KillEtcdQuorum => typeof(IStoreMembers),
        ChaosActionKind.RevokeLease => typeof(IStoreObserver),
        ChaosActionKind.ClockSkew => typeof(IReplicaClocks),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "an action without a capability"),
    };

    /// <summary>Whether this target, as the plan configured it, has the capability <paramref name="action"/> needs.</summary>
    public static bool Has(IChaosTarget target, ChaosActionKind action)
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Capability(CapabilityOf(action)) is not null;
    }

    /// <summary>The target's <typeparamref name="TCapability"/>, or null when it has none.</summary>
    public static TCapability? Capability<TCapability>(this IChaosTarget target)
        where TCapability : class
    {
        ArgumentNullException.ThrowIfNull(target);
        return target.Capability(typeof(TCapability)) as TCapability;
    }

    /// <summary>
    /// The target's <typeparamref name="TCapability"/> for <paramref name="action"/>; a target without it is refused with
    /// <see cref="NotSupportedException"/> (the validator and the controller refuse such plans before any step runs).
    /// </summary>
    public static TCapability Require<TCapability>(this IChaosTarget target, ChaosActionKind action)
        where TCapability : class =>
        target.Capability<TCapability>()
            ?? throw new NotSupportedException($"this target cannot {PlanNames.Of(action)}: it has no {typeof(TCapability).Name}");

    /// <summary>For a target's <see cref="IChaosTarget.Capability"/>: the target itself when it implements <paramref name="capability"/> and it is <paramref name="available"/> as configured.</summary>
    public static object? Own(IChaosTarget target, Type capability, bool available = true) =>
        available && capability.IsInstanceOfType(target) ? target : null;
}
