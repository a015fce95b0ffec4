namespace ResilienceLab.Chaos.Plans;

/// <summary>What a steady-state probe checks.</summary>
public enum ProbeKind
{
    /// <summary>The election has a leader (needs workload.election).</summary>
    LeaderExists,

    /// <summary>Every replica is running and reports ready.</summary>
    AllReplicasReady,

    /// <summary>Some task committed a new checkpoint within the probe's timeout (needs workload.tasks).</summary>
    TasksProgressing,

    /// <summary>The counter can be read from the store within the timeout (needs workload.counter).</summary>
    CounterReadable,
}
