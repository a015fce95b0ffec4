namespace ResilienceLab.Chaos.Plans;

/// <summary>When a probe runs (Litmus's probe modes).</summary>
public enum ProbeMode
{
    /// <summary>Once before the first chaos step: the steady state must hold before any fault.</summary>
    Start,

    /// <summary>Once after the last step, when faults are healed: the system must have recovered.</summary>
    End,

    /// <summary>Every <c>interval</c> for the whole run.</summary>
    Continuous,

    /// <summary>Every <c>interval</c> while a chaos step's fault is in effect.</summary>
    OnChaos,
}
