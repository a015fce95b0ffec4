namespace ResilienceLab.Network;

/// <summary>The connection-level fault a <see cref="FaultProxy"/> is injecting (latency is independent of it).</summary>
public enum ProxyFaultKind
{
    /// <summary>Bytes flow (after any configured latency).</summary>
    None,

    /// <summary>
    /// A partition that hangs: connections stay open, new ones are accepted, but no byte moves either way.
    /// Bytes already read are held, in order, and delivered on heal, as TCP retransmission would.
    /// </summary>
    Blackhole,

    /// <summary>Every live connection is closed with a TCP RST, and new ones are reset as soon as they are accepted.</summary>
    Reset,
}
