namespace ResilienceLab.Chaos.Plans;

/// <summary>What a chaos step does. The YAML name is the kebab-case form (<see cref="PlanNames"/>).</summary>
public enum ChaosActionKind
{
    /// <summary>Stop the selected replicas abruptly (SIGKILL, pod delete with grace period 0): no cleanup.</summary>
    Kill,

    /// <summary>Stop the selected replicas gracefully (SIGTERM, pod delete with its grace period).</summary>
    Terminate,

    /// <summary>Freeze the selected replicas for <c>duration</c> (SIGSTOP … SIGCONT); the clock runs on.</summary>
    Pause,

    /// <summary>Kill etcd members (leader, a follower, or one by name); with <c>duration</c>, restart them after it.</summary>
    KillEtcdMember,

    /// <summary>Restart a stopped etcd member (by name, or every member the run stopped).</summary>
    RestartEtcdMember,

    /// <summary>Kill a majority of the etcd members for <c>duration</c>, then restart them.</summary>
    KillEtcdQuorum,

    /// <summary>Revoke the session lease of the selected replicas from outside: they lose their locks and leadership.</summary>
    RevokeLease,

    /// <summary>Cut the selected replicas off the store (connections hang) until healed or for <c>duration</c>.</summary>
    Partition,

    /// <summary>Add latency (and jitter) to the selected replicas' store traffic.</summary>
    Latency,

    /// <summary>Remove the network and store faults of the selected replicas (all replicas when no selector).</summary>
    Heal,

    /// <summary>Make store calls inside the selected replicas fail (unavailable) or become indeterminate, with a probability.</summary>
    StoreFault,

    /// <summary>Set the selected replicas' clocks off (skew) and drifting (drift) until healed or for <c>duration</c>.</summary>
    ClockSkew,
}
